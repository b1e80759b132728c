package benchmarks

// Request and response data shared by every case. Both canned responses are
// about the size the service returns (some 330 bytes).
const (
	region          = "us-east-1"
	accessKeyID     = "AKIDEXAMPLE"
	secretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

	channelArn = "arn:aws:chime:us-east-1:111122223333:app-instance/11112222-3333-4444-5555-666677778888/channel/aaaabbbbccccdddd"
	memberArn  = "arn:aws:chime:us-east-1:111122223333:app-instance/11112222-3333-4444-5555-666677778888/user/user-1"
	filterRule = `{"type":["urgent"]}`

	accountID = "12a3456b-7c89-012d-3456-78901e23fg45"
	roomID    = "abcd1e2f-34gh-5678-9ijk-0l1m2n3o4p5q"
	memberID  = "1ab2345c-67de-8901-f23g-45h678901j2k"
	roomRole  = "Administrator"

	requestID = "c0ffee00-1234-4abc-9def-0123456789ab"

	// preferencesResponse answers PutChannelMembershipPreferences.
	preferencesResponse = `{"ChannelArn":"` + channelArn + `","Member":{"Arn":"` + memberArn +
		`","Name":"Jane Doe"},"Preferences":{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"{\"type\":[\"urgent\"]}"}}}`

	// roomMembershipResponse answers UpdateRoomMembership.
	roomMembershipResponse = `{"RoomMembership":{"InvitedBy":"` + memberID + `","Member":{"AccountId":"` + accountID +
		`","Email":"janedoe@example.com","FullName":"Jane Doe","MemberId":"` + memberID +
		`","MemberType":"User"},"Role":"` + roomRole + `","RoomId":"` + roomID +
		`","UpdatedTimestamp":"2019-12-02T22:46:58.532Z"}}`

	// Hosts the in-memory cases address; nothing is resolved or dialled.
	inMemoryHandBuiltEndpoint = "https://messaging-chime.us-east-1.amazonaws.com"
)

// responseFor returns the canned body for a request path: the room
// membership for the legacy Chime path, the preferences otherwise.
func responseFor(path string) string {
	if len(path) >= 10 && path[:10] == "/accounts/" {
		return roomMembershipResponse
	}
	return preferencesResponse
}
