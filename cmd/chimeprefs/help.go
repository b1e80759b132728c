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

AWS CLI options that work (on put and get, before or after the command):
  --endpoint-url URL   call this endpoint instead of AWS (e.g. http://127.0.0.1:8000)
  --region REGION      AWS Region, also of the STS calls of a role profile (default:
                       AWS_REGION, AWS_DEFAULT_REGION, the profile's region)
  --profile NAME       profile of ~/.aws/config and ~/.aws/credentials; it wins over
                       AWS_ACCESS_KEY_ID and web identity variables (a profile's
                       credential_source = Environment still reads the keys)
  --output FORMAT      json, text or table, printed byte for byte as the AWS CLI v1 prints
                       them (default: AWS_DEFAULT_OUTPUT, else the profile's output, else json)
  --query EXPR         JMESPath expression applied to the response before it is printed
  --debug              log each request, response and signature to stderr; Authorization,
                       security tokens, FilterRule and member names are redacted
  --no-cli-pager       accepted; chimeprefs never pages
Every other AWS CLI option is refused, naming it: --ca-bundle, --cli-auto-prompt,
--cli-binary-format, --cli-connect-timeout, --cli-input-json, --cli-input-yaml,
--cli-read-timeout, --color, --generate-cli-skeleton, --no-cli-auto-prompt,
--no-paginate, --no-sign-request, --no-verify-ssl, --v2-debug, --version.

chimeprefs' own flag:
  --max-attempts N     attempts per call, the first included (default: AWS_MAX_ATTEMPTS,
                       the profile's max_attempts, else 3); the AWS CLI reads only the
                       variable and the profile key, so set those to share a command line

Credentials come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_SESSION_TOKEN), web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN), the
profile (AWS_PROFILE or --profile: keys, role_arn, IAM Identity Center,
credential_process), the container credentials endpoint, or EC2 instance metadata.

Output goes to stdout, errors are one line on stderr. Where chimeprefs
differs from the AWS CLI: the table has no colour on a terminal; with
--query, a multiselect hash prints its keys sorted in json ({b: x, a: y}
prints a first) and keys() and values() come in no fixed order, as JMESPath
allows; a whole number a query computes as a float (avg(), say) prints
without ".0"; the exit statuses are
chimeprefs' own.
Exit status: 0 success; 1 the service refused the call, or it could not be
made (network, credentials, configuration), or check-filter-rule found a rule
or attributes the service would refuse; 2 the command line is wrong
(unknown command or option, missing flag, bad --preferences JSON, --output
or --query, an ARN the client rejects before sending). The AWS CLI v1 exits
255 for the first and 2 or 255 for the second; v2 exits 254 and 252.

Examples:
  chimeprefs put-channel-membership-preferences \
      --endpoint-url http://127.0.0.1:8000 --region us-east-1 \
      --channel-arn arn:aws:chime:us-east-1:111122223333:app-instance/app-1/channel/general \
      --member-arn arn:aws:chime:us-east-1:111122223333:app-instance/app-1/user/jane \
      --chime-bearer arn:aws:chime:us-east-1:111122223333:app-instance/app-1/user/jane \
      --preferences '{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"{\"type\":[\"urgent\"]}"}}'

  chimeprefs get-channel-membership-preferences --profile dev --output text \
      --query Preferences.PushNotifications.AllowNotifications \
      --channel-arn ARN --member-arn ARN --chime-bearer ARN
`

const putHelp = `Usage:
  chimeprefs put-channel-membership-preferences --channel-arn ARN --member-arn ARN
      --chime-bearer ARN --preferences JSON [--endpoint-url URL] [--region REGION] [--profile NAME]
      [--output json|text|table] [--query EXPR] [--debug] [--no-cli-pager] [--max-attempts N]

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
      [--output json|text|table] [--query EXPR] [--debug] [--no-cli-pager] [--max-attempts N]

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
