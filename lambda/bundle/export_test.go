package bundle

// Seams for the tests in package bundle_test: names the package keeps to
// itself, under the names the tests use.

const (
	AttachmentName = attachmentName
	FilesListName  = filesListName
	GridName       = gridName
	ManifestName   = manifestName
	ReadmeName     = readmeName
)

type Span = span

var (
	NewExcelWriter = newExcelWriter
	ParseEncoding  = parseEncoding
	SpanOf         = spanOf
)
