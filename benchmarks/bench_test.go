package benchmarks

import "testing"

// runCase benchmarks one case against its own loopback server.
func runCase(b *testing.B, c Case) {
	env := NewEnv()
	defer env.Close()
	env.Run(b, c)
}

func BenchmarkOurs_InMemory(b *testing.B)  { runCase(b, Case{Client: Ours, Transport: InMemory}) }
func BenchmarkAWSv2_InMemory(b *testing.B) { runCase(b, Case{Client: Peer, Transport: InMemory}) }
func BenchmarkHandSigned_InMemory(b *testing.B) {
	runCase(b, Case{Client: HandSigned, Transport: InMemory})
}
func BenchmarkHandUnsigned_InMemory(b *testing.B) {
	runCase(b, Case{Client: HandUnsigned, Transport: InMemory})
}

func BenchmarkOurs_Loopback(b *testing.B)  { runCase(b, Case{Client: Ours, Transport: Loopback}) }
func BenchmarkAWSv2_Loopback(b *testing.B) { runCase(b, Case{Client: Peer, Transport: Loopback}) }
func BenchmarkHandSigned_Loopback(b *testing.B) {
	runCase(b, Case{Client: HandSigned, Transport: Loopback})
}
func BenchmarkHandUnsigned_Loopback(b *testing.B) {
	runCase(b, Case{Client: HandUnsigned, Transport: Loopback})
}

func BenchmarkOursParallel_InMemory(b *testing.B) {
	runCase(b, Case{Client: Ours, Transport: InMemory, Parallel: true})
}
func BenchmarkHandUnsignedParallel_InMemory(b *testing.B) {
	runCase(b, Case{Client: HandUnsigned, Transport: InMemory, Parallel: true})
}

func BenchmarkTransportOnly_InMemory(b *testing.B) {
	runCase(b, Case{Client: TransportOnly, Transport: InMemory})
}
func BenchmarkTransportOnly_Loopback(b *testing.B) {
	runCase(b, Case{Client: TransportOnly, Transport: Loopback})
}

func BenchmarkControlAllocOnly(b *testing.B) { runCase(b, Case{Client: AllocOnly, Transport: None}) }
func BenchmarkControlAllocOnlyParallel(b *testing.B) {
	runCase(b, Case{Client: AllocOnly, Transport: None, Parallel: true})
}
func BenchmarkControlCPUOnly(b *testing.B) { runCase(b, Case{Client: CPUOnly, Transport: None}) }
func BenchmarkControlCPUOnlyParallel(b *testing.B) {
	runCase(b, Case{Client: CPUOnly, Transport: None, Parallel: true})
}
func BenchmarkControlAllocAndHash(b *testing.B) {
	runCase(b, Case{Client: AllocAndHash, Transport: None})
}
func BenchmarkControlAllocAndHashParallel(b *testing.B) {
	runCase(b, Case{Client: AllocAndHash, Transport: None, Parallel: true})
}
