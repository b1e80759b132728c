// Command awsv2 makes one UpdateRoomMembership call with aws-sdk-go-v2,
// configured by config.LoadDefaultConfig.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	//lint:ignore SA1019 the legacy Chime service is the closest operation the module proxy serves (issue 5)
	"github.com/aws/aws-sdk-go-v2/service/chime"
	"github.com/aws/aws-sdk-go-v2/service/chime/types"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: awsv2 ACCOUNT_ID ROOM_ID MEMBER_ID")
		os.Exit(2)
	}
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	c := chime.NewFromConfig(cfg)
	out, err := c.UpdateRoomMembership(ctx, &chime.UpdateRoomMembershipInput{
		AccountId: aws.String(os.Args[1]),
		RoomId:    aws.String(os.Args[2]),
		MemberId:  aws.String(os.Args[3]),
		Role:      types.RoomMembershipRoleMember,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(out)
}
