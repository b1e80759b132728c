package chimesdkmessaging

// incomparable, as the first field of a struct that is never compared with
// ==, makes the struct incomparable, so the compiler emits no equality
// function for it (smaller binaries; it takes no space).
type incomparable [0]func()
