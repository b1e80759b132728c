package main

import (
	"errors"
	"fmt"
	"strings"

	smithy "github.com/aws/smithy-go"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/types"
)

// responseValue is a response as the AWS CLI sees it: the members botocore
// parsed, absent ones left out, as a JSON-like value for --query and the
// printers. FilterRule and Member.Name are printed: they are the caller's
// own data, asked for explicitly.
func responseValue(channelArn *string, member *types.Identity, prefs *types.ChannelMembershipPreferences) map[string]any {
	out := map[string]any{}
	putString := func(m map[string]any, key string, v *string) {
		if v != nil {
			m[key] = *v
		}
	}
	putString(out, "ChannelArn", channelArn)
	if member != nil {
		m := map[string]any{}
		putString(m, "Arn", member.Arn)
		putString(m, "Name", member.Name)
		out["Member"] = m
	}
	if prefs != nil {
		p := map[string]any{}
		if pn := prefs.PushNotifications; pn != nil {
			push := map[string]any{}
			if pn.AllowNotifications != "" {
				push["AllowNotifications"] = string(pn.AllowNotifications)
			}
			putString(push, "FilterRule", pn.FilterRule)
			p["PushNotifications"] = push
		}
		out["Preferences"] = p
	}
	return out
}

// flagOfField maps an input member path to the flag that sets it.
func flagOfField(field string) string {
	_, member, _ := strings.Cut(field, "Input.")
	switch {
	case member == "ChannelArn":
		return "--channel-arn"
	case member == "MemberArn":
		return "--member-arn"
	case member == "ChimeBearer":
		return "--chime-bearer"
	case strings.HasPrefix(member, "Preferences."):
		return "--preferences " + strings.TrimPrefix(member, "Preferences.")
	case member == "Preferences":
		return "--preferences"
	}
	return field
}

// describeError turns an error of a call into one line and an exit code.
func describeError(command string, err error) (string, int) {
	var ue *usageError
	if errors.As(err, &ue) {
		return oneLine(ue.msg), exitUsage
	}
	// The client returns a smithy.InvalidParamsError value, as
	// aws-sdk-go-v2's validators do; a pointer is accepted too.
	var ipe *smithy.InvalidParamsError
	var ipeValue smithy.InvalidParamsError
	if errors.As(err, &ipeValue) {
		ipe = &ipeValue
	}
	if ipe != nil || errors.As(err, &ipe) {
		parts := make([]string, 0, ipe.Len())
		for _, e := range ipe.Errs() {
			pe, ok := e.(smithy.InvalidParamError)
			if !ok {
				parts = append(parts, e.Error())
				continue
			}
			reason := strings.TrimSuffix(strings.TrimSuffix(pe.Error(), "."), ", "+pe.Field())
			parts = append(parts, flagOfField(pe.Field())+": "+reason)
		}
		return oneLine(command + ": invalid input: " + strings.Join(parts, "; ")), exitUsage
	}
	operation := command
	var opErr *smithy.OperationError
	if errors.As(err, &opErr) {
		operation = opErr.Operation()
	}
	// The client's own hint names its Go option; this command's user has a
	// flag and an environment variable instead.
	var maxErr *chime.MaxAttemptsError
	gaveUp := ""
	if errors.As(err, &maxErr) {
		gaveUp = fmt.Sprintf("gave up after %d attempt(s), the maximum (raise it with --max-attempts N or AWS_MAX_ATTEMPTS)", maxErr.Attempts)
	}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		msg := fmt.Sprintf("An error occurred (%s) when calling the %s operation: %s", apiErr.ErrorCode(), operation, apiErr.ErrorMessage())
		var respErr *chime.ResponseError
		if errors.As(err, &respErr) {
			msg += fmt.Sprintf(" [HTTP %d, request ID %s]", respErr.HTTPStatusCode(), respErr.ServiceRequestID())
		}
		if gaveUp != "" {
			msg += "; " + gaveUp
		}
		return oneLine(msg), exitFailure
	}
	if maxErr != nil {
		return oneLine(command + ": " + gaveUp + "; last error: " + maxErr.Err.Error()), exitFailure
	}
	if opErr != nil {
		err = opErr.Err
	}
	return oneLine(command + ": " + err.Error()), exitFailure
}

// oneLine folds line breaks so that an error is one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}
