package chimesdkmessaging

// Version is the version of this module, github.com/chimekit/chimesdkmessaging,
// in semantic versioning form without the leading "v": the module is tagged
// "v" + Version, the nested modules awsv2 and otel are released with the same
// version (tags "awsv2/v" + Version and "otel/v" + Version), and the
// User-Agent of every request names it (chimekit-go/<Version> and
// api/chimesdkmessaging#<Version>). CHANGELOG.md lists what each version changed.
const Version = "0.1.0"
