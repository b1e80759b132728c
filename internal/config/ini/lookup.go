package ini

import "strings"

// Value is one resolved setting with where it came from.
type Value struct {
	Value string
	// Sub holds nested keys, e.g. the per-service settings of a services
	// section.
	Sub []Property
	// Path and Line locate the setting for error messages.
	Path string
	Line int
}

// Where describes the location of v, e.g. "/home/u/.aws/config line 3".
func (v Value) Where() string {
	if v.Path == "" {
		return "shared config"
	}
	if v.Line == 0 {
		return v.Path
	}
	return v.Path + " line " + itoa(v.Line)
}

// Sections returns every section named name, in file order. A nil File has
// none.
func (f *File) sections(name string) []Section {
	if f == nil {
		return nil
	}
	var out []Section
	for _, s := range f.Sections {
		if s.Name == name {
			out = append(out, s)
		}
	}
	return out
}

// Values merges the properties of every section named name; later lines
// win. ok is false when no such section exists.
func (f *File) Values(name string) (map[string]Value, bool) {
	secs := f.sections(name)
	if len(secs) == 0 {
		return nil, false
	}
	m := map[string]Value{}
	for _, s := range secs {
		for _, p := range s.Properties {
			m[p.Key] = Value{Value: p.Value, Sub: p.Sub, Path: f.Path, Line: p.Line}
		}
	}
	return m, true
}

// Shared is the pair of shared files; either may be nil when absent.
type Shared struct {
	Config      *File
	Credentials *File
}

// Profile returns the settings of profile name. The config file's
// "[profile name]" section (for "default" also "[default]") is read first;
// the credentials file's "[name]" section overrides it key by key, as the
// SDKs do. In the config file a section without the "profile " prefix is not
// a profile (except "default").
func (s Shared) Profile(name string) (map[string]Value, bool) {
	merged := map[string]Value{}
	found := false
	add := func(f *File, section string) {
		if m, ok := f.Values(section); ok {
			found = true
			for k, v := range m {
				merged[k] = v
			}
		}
	}
	if name == "default" {
		add(s.Config, "default")
	}
	add(s.Config, "profile "+name)
	add(s.Credentials, name)
	return merged, found
}

// Services returns the settings of the config file's "[services name]"
// section.
func (s Shared) Services(name string) (map[string]Value, bool) {
	return s.Config.Values("services " + name)
}

// ProfileNames lists the profiles defined in either file, for error
// messages.
func (s Shared) ProfileNames() []string {
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		if n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	if s.Config != nil {
		for _, sec := range s.Config.Sections {
			if sec.Name == "default" {
				add("default")
			} else if n, ok := strings.CutPrefix(sec.Name, "profile "); ok {
				add(n)
			}
		}
	}
	if s.Credentials != nil {
		for _, sec := range s.Credentials.Sections {
			add(sec.Name)
		}
	}
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
