module github.com/chimekit/chimesdkmessaging

go 1.24

require (
	github.com/aws/smithy-go v1.28.9
	github.com/jmespath/go-jmespath v0.4.0
	github.com/stretchr/testify v1.12.1
	go.etcd.io/bbolt v1.4.3
	golang.org/x/text v0.28.0
)

require (
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/sys v0.29.0 // indirect
)
