package render

import (
	_ "embed"
	"encoding/binary"
)

// The portal's icons and share picture, drawn once in Chromium from
// assets/source/*.html (see site/README.md) and served at fixed addresses,
// which browsers and WeChat ask for by name.
var (
	//go:embed assets/favicon-32.png
	favicon32 []byte
	//go:embed assets/apple-touch-icon.png
	touchIcon []byte
	//go:embed assets/share.png
	sharePicture []byte
)

// Icon addresses the layout links to.
const (
	FaviconPath   = "/favicon.ico"
	TouchIconPath = "/apple-touch-icon.png"
	SharePath     = "/share.png" // 600×600, the picture of a page shared in WeChat
)

// Icons returns the files to serve at FaviconPath, TouchIconPath and SharePath.
func Icons() map[string][]byte {
	return map[string][]byte{FaviconPath: ico(favicon32, 32), TouchIconPath: touchIcon, SharePath: sharePicture}
}

// ico wraps a square PNG of the given size in an ICO file, which every
// browser reads at /favicon.ico.
func ico(png []byte, size byte) []byte {
	b := make([]byte, 0, 22+len(png))
	b = binary.LittleEndian.AppendUint16(b, 0) // reserved
	b = binary.LittleEndian.AppendUint16(b, 1) // icon
	b = binary.LittleEndian.AppendUint16(b, 1) // one image
	b = append(b, size, size, 0, 0)            // width, height, no palette, reserved
	b = binary.LittleEndian.AppendUint16(b, 1) // colour planes
	b = binary.LittleEndian.AppendUint16(b, 32)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(png)))
	b = binary.LittleEndian.AppendUint32(b, 22) // offset of the image
	return append(b, png...)
}
