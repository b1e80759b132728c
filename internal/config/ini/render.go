package ini

import "strings"

// Render writes f back in the canonical form Parse reads: one header per
// section, "key = value" lines, nested properties indented by two blanks
// and continuation lines indented by two blanks. Comments and original
// spacing are not kept. Parse(Render(f)) yields the same sections,
// properties and values as f when f came from Parse.
func Render(f *File) []byte {
	var b strings.Builder
	for i, s := range f.Sections {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("[" + s.Name + "]\n")
		for _, p := range s.Properties {
			if len(p.Sub) > 0 || p.Value == "" {
				b.WriteString(p.Key + " =\n")
				for _, sp := range p.Sub {
					b.WriteString("  " + sp.Key + " = " + sp.Value + "\n")
				}
				continue
			}
			lines := strings.Split(p.Value, "\n")
			b.WriteString(p.Key + " = " + lines[0] + "\n")
			for _, l := range lines[1:] {
				b.WriteString("  " + l + "\n")
			}
		}
	}
	return []byte(b.String())
}
