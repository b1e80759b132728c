package credentials

import (
	"bytes"
	"encoding/xml"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The examples of the STS API reference
// (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html,
// .../API_AssumeRoleWithWebIdentity.html), as formatted there.
const (
	docAssumeRole = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
<AssumeRoleResult>
<SourceIdentity>Alice</SourceIdentity>
  <AssumedRoleUser>
    <Arn>arn:aws:sts::123456789012:assumed-role/demo/TestAR</Arn>
    <AssumedRoleId>ARO123EXAMPLE123:TestAR</AssumedRoleId>
  </AssumedRoleUser>
  <Credentials>
    <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
    <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
    <SessionToken>
     AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQW
     LWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGd
     QrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU
     9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz
     +scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==
    </SessionToken>
    <Expiration>2019-11-09T13:34:41Z</Expiration>
  </Credentials>
  <PackedPolicySize>6</PackedPolicySize>
</AssumeRoleResult>
<ResponseMetadata>
  <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
</ResponseMetadata>
</AssumeRoleResponse>`
	docError = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>AccessDenied</Code>
    <Message>User: arn:aws:iam::123456789012:user/dev is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/a &amp; &quot;b&quot; &#x263A;</Message>
  </Error>
  <RequestId>4e5b3f5a-1111-2222-3333-EXAMPLE</RequestId>
</ErrorResponse>`
)

// TestXMLTextMatchesEncodingXML reads the examples with xmlText and with
// encoding/xml and requires the same values.
func TestXMLTextMatchesEncodingXML(t *testing.T) {
	var ar struct {
		ID      string `xml:"AssumeRoleResult>Credentials>AccessKeyId"`
		Secret  string `xml:"AssumeRoleResult>Credentials>SecretAccessKey"`
		Token   string `xml:"AssumeRoleResult>Credentials>SessionToken"`
		Expires string `xml:"AssumeRoleResult>Credentials>Expiration"`
		ARN     string `xml:"AssumeRoleResult>AssumedRoleUser>Arn"`
	}
	require.NoError(t, xml.Unmarshal([]byte(docAssumeRole), &ar))
	for path, want := range map[[2]string]string{
		{"Credentials", "AccessKeyId"}: ar.ID, {"Credentials", "SecretAccessKey"}: ar.Secret, {"Credentials", "SessionToken"}: ar.Token,
		{"Credentials", "Expiration"}: ar.Expires, {"AssumedRoleUser", "Arn"}: ar.ARN,
	} {
		got, ok := xmlText(docAssumeRole, "AssumeRoleResult", path[0], path[1])
		require.True(t, ok, path)
		assert.Equal(t, want, got, path)
	}
	var er struct {
		Code    string `xml:"Error>Code"`
		Message string `xml:"Error>Message"`
		ID      string `xml:"RequestId"`
	}
	require.NoError(t, xml.Unmarshal([]byte(docError), &er))
	msg, ok := xmlText(docError, "ErrorResponse", "Error", "Message")
	require.True(t, ok)
	assert.Equal(t, er.Message, msg)
	assert.Contains(t, msg, `a & "b" ☺`)
	e := parseSTSError(httpResult{status: 403, body: []byte(docError)}, "AssumeRole")
	assert.Equal(t, "AccessDenied", e.Code)
	assert.Equal(t, er.ID, e.RequestID)

	c, err := parseSTSResponse([]byte(docAssumeRole), "AssumeRole")
	require.NoError(t, err)
	assert.Equal(t, "ASIAIOSFODNN7EXAMPLE", c.AccessKeyID)
	assert.Equal(t, "123456789012", c.AccountID)
}

func TestXMLTextRejects(t *testing.T) {
	for _, doc := range []string{
		"<A><B>unterminated</A>", "<A><B>&bogus;</B></A>", "<A><B>&#xZZ;</B></A>", "<A><B>x<C/>y</B></A>", "<A><BB>x</BB></A>", "<A><B>&amp</B></A>",
	} {
		_, ok := xmlText(doc, "A", "B")
		assert.False(t, ok, doc)
	}
	v, ok := xmlText("<A><B/></A>", "A", "B")
	assert.True(t, ok)
	assert.Equal(t, "", v)
	v, ok = xmlText(`<A x="1"><B  >v</B></A>`, "A", "B")
	assert.True(t, ok)
	assert.Equal(t, "v", v)
}

// FuzzXMLText: any text escaped by encoding/xml reads back unchanged.
func FuzzXMLText(f *testing.F) {
	for _, s := range []string{"plain", `a&b<c>"d"'e'`, "☺ \t tab", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKEY=="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		var b bytes.Buffer
		require.NoError(t, xml.EscapeText(&b, []byte(s)))
		var want struct {
			V string `xml:"R>V"`
		}
		doc := "<Resp><R><V>" + b.String() + "</V></R></Resp>"
		if xml.Unmarshal([]byte(doc), &want) != nil {
			return
		}
		got, ok := xmlText(doc, "R", "V")
		require.True(t, ok, doc)
		assert.Equal(t, want.V, got)
	})
}
