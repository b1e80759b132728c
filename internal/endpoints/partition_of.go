package endpoints

// PartitionOf returns the name, DNS suffix and dual-stack DNS suffix of the
// partition region belongs to, as the rule sets' aws.partition function
// does (the aws partition for a region no partition claims). The credential
// sources build other services' endpoints (SSO portal, SSO OIDC, sign-in)
// from them.
func PartitionOf(region string) (name, dnsSuffix, dualStackDNSSuffix string) {
	p := partitionFor(region)
	return p.name, p.dnsSuffix, p.dualStackDNSSuffix
}

// CheckRegion returns an error when region cannot be placed in a host name
// as one DNS label (lowercase letters, digits, hyphens).
func CheckRegion(region string) error { return checkRegion(region) }
