module github.com/chimekit/chimesdkmessaging

go 1.24

require (
	github.com/aws/smithy-go v1.28.9
	github.com/stretchr/testify v1.12.1
)

require go.yaml.in/yaml/v3 v3.0.5 // indirect
