package chimesdkmessaging_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/aws/smithy-go/ptr"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/credentials"
	"github.com/chimekit/chimesdkmessaging/types"
)

// exampleServer stands in for the service: it echoes the preferences it is
// sent, and refuses member "user-2" as the service refuses a member setting
// another member's preferences.
func exampleServer() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("x-amzn-RequestId", "example-request-1")
		if r.Header.Get("X-Amz-Chime-Bearer") != "arn:aws:chime:us-east-1:111122223333:app-instance/app-1/user/user-1" {
			w.Header().Set("X-Amzn-ErrorType", "ForbiddenException")
			w.WriteHeader(http.StatusForbidden)
			_, _ = io.WriteString(w, `{"Code":"Forbidden","Message":"Only the member can set its own preferences"}`)
			return
		}
		body, _ := io.ReadAll(r.Body)
		_, _ = fmt.Fprintf(w, `{"ChannelArn":"arn:aws:chime:us-east-1:111122223333:app-instance/app-1/channel/ch-1","Member":{"Arn":"arn:aws:chime:us-east-1:111122223333:app-instance/app-1/user/user-1","Name":"Jane"},%s`, body[1:])
	}))
}

func ExampleClient_PutChannelMembershipPreferences() {
	srv := exampleServer()
	defer srv.Close()

	client := chime.New(chime.Options{
		Region:       "us-east-1",
		BaseEndpoint: ptr.String(srv.URL), // omit to call AWS
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "SECRET", ""),
	})
	out, err := client.PutChannelMembershipPreferences(context.Background(), &chime.PutChannelMembershipPreferencesInput{
		ChannelArn:  ptr.String("arn:aws:chime:us-east-1:111122223333:app-instance/app-1/channel/ch-1"),
		MemberArn:   ptr.String("arn:aws:chime:us-east-1:111122223333:app-instance/app-1/user/user-1"),
		ChimeBearer: ptr.String("arn:aws:chime:us-east-1:111122223333:app-instance/app-1/user/user-1"),
		Preferences: &types.ChannelMembershipPreferences{
			PushNotifications: &types.PushNotificationPreferences{
				AllowNotifications: types.AllowNotificationsFiltered,
				FilterRule:         ptr.String(`{"type":["urgent"]}`),
			},
		},
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	pn := out.Preferences.PushNotifications
	fmt.Println("member:", *out.Member.Arn)
	fmt.Println("allow:", pn.AllowNotifications)
	fmt.Println("filter rule:", *pn.FilterRule)
	fmt.Println("printed:", pn) // sensitive members are redacted when printed
	// Output:
	// member: arn:aws:chime:us-east-1:111122223333:app-instance/app-1/user/user-1
	// allow: FILTERED
	// filter rule: {"type":["urgent"]}
	// printed: {AllowNotifications:FILTERED FilterRule:*** sensitive data redacted ***}
}

func ExampleResponseError() {
	srv := exampleServer()
	defer srv.Close()

	client := chime.New(chime.Options{
		Region:       "us-east-1",
		BaseEndpoint: ptr.String(srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "SECRET", ""),
	})
	// A moderator (user-2) tries to set user-1's preferences.
	_, err := client.PutChannelMembershipPreferences(context.Background(), &chime.PutChannelMembershipPreferencesInput{
		ChannelArn:  ptr.String("arn:aws:chime:us-east-1:111122223333:app-instance/app-1/channel/ch-1"),
		MemberArn:   ptr.String("arn:aws:chime:us-east-1:111122223333:app-instance/app-1/user/user-1"),
		ChimeBearer: ptr.String("arn:aws:chime:us-east-1:111122223333:app-instance/app-1/user/user-2"),
		Preferences: &types.ChannelMembershipPreferences{
			PushNotifications: &types.PushNotificationPreferences{AllowNotifications: types.AllowNotificationsNone},
		},
	})

	var forbidden *types.ForbiddenException
	var respErr *chime.ResponseError
	if errors.As(err, &forbidden) && errors.As(err, &respErr) {
		fmt.Println("refused:", forbidden.ErrorMessage())
		fmt.Println("code:", forbidden.Code)
		fmt.Println("status:", respErr.HTTPStatusCode())
		fmt.Println("request id:", respErr.ServiceRequestID())
	}
	// Output:
	// refused: Only the member can set its own preferences
	// code: Forbidden
	// status: 403
	// request id: example-request-1
}

func ExampleNew_perCallOptions() {
	client := chime.New(chime.Options{Region: "us-east-1"})
	// Per-call options change a copy: the client keeps its own.
	_, _ = client.PutChannelMembershipPreferences(context.Background(), nil, func(o *chime.Options) {
		o.Region = "eu-central-1"
	})
	fmt.Println(client.Options().Region)
	// Output: us-east-1
}
