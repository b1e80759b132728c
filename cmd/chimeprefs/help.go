package main

// Help texts. Flag names follow the AWS CLI's
// "aws chime-sdk-messaging" commands, so a command line moves between the
// two by changing the program name.

const mainHelp = `chimeprefs reads and sets Amazon Chime SDK Messaging channel membership
preferences, against AWS or a local emulator (chime-messaging-local).

Usage:
  chimeprefs <command> [flags]
  chimeprefs <command> --help

Commands:
  put-channel-membership-preferences   set a member's push notification preferences
  get-channel-membership-preferences   read them back
  check-filter-rule                    check a FilterRule locally, and whether a message
                                       with given attributes passes it (calls nothing)
  credentials                          show which source the credentials come from, the roles
                                       assumed and when they expire (prints no secret)
  conformance                          run the behaviour checks against AWS, the emulator or the fake

Common flags (as in the AWS CLI):
  --endpoint-url URL   call this endpoint instead of AWS (e.g. http://127.0.0.1:8000)
  --region REGION      AWS Region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region)
  --profile NAME       profile of ~/.aws/config and ~/.aws/credentials; when set,
                       AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN are ignored
  --max-attempts N     attempts per call, the first included (default: AWS_MAX_ATTEMPTS,
                       the profile's max_attempts, else 3); the AWS CLI reads only the
                       variable and the profile key, so set those to share a command line

Credentials come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_SESSION_TOKEN), web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN), the
profile (AWS_PROFILE or --profile: keys, role_arn, IAM Identity Center,
credential_process), the container credentials endpoint, or EC2 instance metadata.

Output is the response as JSON on stdout. Errors are one line on stderr.
Exit status: 0 success; 1 the service refused the call, or it could not be
made (network, credentials, configuration), or check-filter-rule found a rule
or attributes the service would refuse; 2 the command line is wrong
(unknown command or flag, missing flag, bad --preferences JSON, an ARN the
client rejects before sending).

Examples:
  chimeprefs put-channel-membership-preferences \
      --endpoint-url http://127.0.0.1:8000 --region us-east-1 \
      --channel-arn arn:aws:chime:us-east-1:111122223333:app-instance/app-1/channel/general \
      --member-arn arn:aws:chime:us-east-1:111122223333:app-instance/app-1/user/jane \
      --chime-bearer arn:aws:chime:us-east-1:111122223333:app-instance/app-1/user/jane \
      --preferences '{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"{\"type\":[\"urgent\"]}"}}'

  chimeprefs get-channel-membership-preferences --profile dev \
      --channel-arn ARN --member-arn ARN --chime-bearer ARN
`

const putHelp = `Usage:
  chimeprefs put-channel-membership-preferences --channel-arn ARN --member-arn ARN
      --chime-bearer ARN --preferences JSON [--endpoint-url URL] [--region REGION] [--profile NAME]
      [--max-attempts N]

Sets the push notification preferences of a channel member. Only the member
itself can set them: --chime-bearer must equal --member-arn.

--preferences is JSON, or file://PATH to read it from a file:
  {"PushNotifications":{"AllowNotifications":"ALL"}}
  {"PushNotifications":{"AllowNotifications":"NONE"}}
  {"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"{\"type\":[\"urgent\"]}"}}
FilterRule is a string holding a JSON object (at most 2 KB), as in the AWS CLI.

Example:
  chimeprefs put-channel-membership-preferences \
      --endpoint-url http://127.0.0.1:8000 --region us-east-1 \
      --channel-arn arn:aws:chime:us-east-1:111122223333:app-instance/app-1/channel/general \
      --member-arn arn:aws:chime:us-east-1:111122223333:app-instance/app-1/user/jane \
      --chime-bearer arn:aws:chime:us-east-1:111122223333:app-instance/app-1/user/jane \
      --preferences '{"PushNotifications":{"AllowNotifications":"ALL"}}'

Flags:
`

const getHelp = `Usage:
  chimeprefs get-channel-membership-preferences --channel-arn ARN --member-arn ARN
      --chime-bearer ARN [--endpoint-url URL] [--region REGION] [--profile NAME]
      [--max-attempts N]

Reads the preferences of a channel member. Only the member itself can read
them: --chime-bearer must equal --member-arn. A member that never set any is
printed without "Preferences".

Example:
  chimeprefs get-channel-membership-preferences \
      --endpoint-url http://127.0.0.1:8000 --region us-east-1 \
      --channel-arn arn:aws:chime:us-east-1:111122223333:app-instance/app-1/channel/general \
      --member-arn arn:aws:chime:us-east-1:111122223333:app-instance/app-1/user/jane \
      --chime-bearer arn:aws:chime:us-east-1:111122223333:app-instance/app-1/user/jane

Flags:
`

const checkHelp = `Usage:
  chimeprefs check-filter-rule --filter-rule JSON [--message-attributes JSON]

Checks a FilterRule as the service does (the syntax and limits of the Amazon
Chime SDK developer guide, "Using filter rules to filter messages": exact
strings and anything-but, AND across keys, $or of at most 5 alternatives, at
most 2 KB, complexity at most 20) without calling AWS. With
--message-attributes, also says whether a message with those attributes (as
SendChannelMessage takes them) passes the rule, that is, would notify a member
whose AllowNotifications is FILTERED with this rule.

Prints {"Complexity":..,"MaxComplexity":20,"Bytes":..,"Notified":true|false}.
Exit status: 0 the rule (and the attributes) would be accepted; 1 the service
would refuse them (the message names the place, with key names: it is your
own rule); 2 the command line is wrong.

Example:
  chimeprefs check-filter-rule \
      --filter-rule '{"type":[{"anything-but":["Room"]}],"mention":["Bob"]}' \
      --message-attributes '{"type":{"StringValues":["Chat"]},"mention":{"StringValues":["Bob","Ann"]}}'

Flags:
`
