package main

import (
	"bufio"
	"fmt"
	"os"
)

// perChannel is how many members each channel of a generated seed has;
// each user is a member of usersPer channels.
const (
	perChannel = 100
	usersPer   = 10
)

// layout is a generated seed of n memberships: channels of perChannel
// members; member i of channel c is user (c*perChannel+i) mod users.
type layout struct{ n, users, channels int }

func newLayout(n int) layout {
	return layout{n: n, users: max(perChannel, n/usersPer), channels: (n + perChannel - 1) / perChannel}
}

func (l layout) appArn() string {
	return "arn:aws:chime:" + region + ":" + accountID + ":app-instance/scale"
}

// membership returns the channel and member ARNs of membership k.
func (l layout) membership(k int) (channelArn, memberArn string) {
	c, i := k/perChannel, k%perChannel
	return fmt.Sprintf("%s/channel/c%07d", l.appArn(), c), fmt.Sprintf("%s/user/u%07d", l.appArn(), (c*perChannel+i)%l.users)
}

// writeSeed writes the layout as a -seed file.
func (l layout) writeSeed(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprint(w, `{"AppInstances":[{"Id":"scale","Name":"Scale","Users":[`)
	for u := range l.users {
		if u > 0 {
			w.WriteByte(',')
		}
		fmt.Fprintf(w, `{"Id":"u%07d"}`, u)
	}
	fmt.Fprint(w, `],"Channels":[`)
	for c := range l.channels {
		if c > 0 {
			w.WriteByte(',')
		}
		fmt.Fprintf(w, `{"Id":"c%07d","Members":[`, c)
		for i := range min(perChannel, l.n-c*perChannel) {
			if i > 0 {
				w.WriteByte(',')
			}
			fmt.Fprintf(w, `"u%07d"`, (c*perChannel+i)%l.users)
		}
		fmt.Fprint(w, `]}`)
	}
	fmt.Fprint(w, "]}]}\n")
	if err := w.Flush(); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}
