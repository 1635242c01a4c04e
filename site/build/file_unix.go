//go:build unix

package build

import (
	"io"
	"io/fs"
	"syscall"
	"time"
)

// createFile creates or truncates p and writes data. It uses the system
// calls directly: os.File would also register each of the many thousand
// page files with the runtime's poller, which regular files refuse.
func createFile(p string, data []byte) error {
	fd, err := syscall.Open(p, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
	if err != nil {
		return &fs.PathError{Op: "open", Path: p, Err: err}
	}
	for len(data) > 0 && err == nil {
		var n int
		n, err = syscall.Write(fd, data)
		if err == syscall.EINTR {
			err = nil
			continue
		}
		data = data[n:]
	}
	if cerr := syscall.Close(fd); err == nil {
		err = cerr
	}
	if err != nil {
		return &fs.PathError{Op: "write", Path: p, Err: err}
	}
	return nil
}

// readFile reads the whole file p with open, fstat, read and close, again
// without the poller registration of os.File.
func readFile(p string) ([]byte, error) {
	fd, err := syscall.Open(p, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	for err == syscall.EINTR {
		fd, err = syscall.Open(p, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: p, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: p, Err: err}
	}
	if st.Mode&syscall.S_IFMT == syscall.S_IFDIR {
		return nil, &fs.PathError{Op: "read", Path: p, Err: syscall.EISDIR}
	}
	// One byte more than the size: a short read then proves the end.
	data := make([]byte, 0, st.Size+1)
	for {
		n, err := syscall.Read(fd, data[len(data):cap(data)])
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return nil, &fs.PathError{Op: "read", Path: p, Err: err}
		case n == 0:
			return data, nil
		}
		data = data[:len(data)+n]
		if len(data) < cap(data) {
			return data, nil
		}
		data = append(data, 0)[:len(data)] // the file grew: make room
	}
}

// sameFile reports whether the file p holds exactly data. It reads p into
// *scratch, which it grows as needed and which the caller may reuse, with
// open, read and close only: asking for one byte more than data proves a
// longer file, and a short read ends the file (as in readFile).
func sameFile(p string, data []byte, scratch *[]byte) bool {
	fd, err := syscall.Open(p, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	for err == syscall.EINTR {
		fd, err = syscall.Open(p, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	}
	if err != nil {
		return false
	}
	defer syscall.Close(fd)
	if cap(*scratch) < len(data)+1 {
		*scratch = make([]byte, len(data)+1+len(data)/4)
	}
	buf := (*scratch)[:len(data)+1]
	n := 0
	for n < len(buf) {
		m, err := syscall.Read(fd, buf[n:])
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return false
		case m == 0:
			return n == len(data) && string(buf[:n]) == string(data)
		}
		if n += m; n < len(buf) {
			return n == len(data) && string(buf[:n]) == string(data)
		}
	}
	return false // longer than data
}

// openRegular opens p for reading if it is a regular file; ok is false,
// with nothing opened, for anything else (a folder, a missing file), which
// the caller then opens the usual way, for its errors too. name is the
// file's base name, for its FileInfo.
func openRegular(p, name string) (f fs.File, ok bool) {
	fd, err := syscall.Open(p, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	for err == syscall.EINTR {
		fd, err = syscall.Open(p, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	}
	if err != nil {
		return nil, false
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		syscall.Close(fd)
		return nil, false
	}
	info := fileInfo{name: name, size: st.Size, mode: fs.FileMode(st.Mode & 0o777),
		modTime: time.Unix(st.Mtim.Unix())}
	return &rawFile{fd: fd, info: info}, true
}

// rawFile is a regular file open for reading.
type rawFile struct {
	fd   int
	info fileInfo
}

func (f *rawFile) Stat() (fs.FileInfo, error) { return f.info, nil }

func (f *rawFile) Read(p []byte) (int, error) {
	if f.fd < 0 {
		return 0, &fs.PathError{Op: "read", Path: f.info.name, Err: fs.ErrClosed}
	}
	for {
		n, err := syscall.Read(f.fd, p)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: f.info.name, Err: err}
		case n == 0 && len(p) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f *rawFile) Close() error {
	if f.fd < 0 {
		return &fs.PathError{Op: "close", Path: f.info.name, Err: fs.ErrClosed}
	}
	err := syscall.Close(f.fd)
	f.fd = -1
	if err != nil {
		return &fs.PathError{Op: "close", Path: f.info.name, Err: err}
	}
	return nil
}

// fileInfo describes a regular file opened by openRegular.
type fileInfo struct {
	name    string
	size    int64
	mode    fs.FileMode
	modTime time.Time
}

func (i fileInfo) Name() string       { return i.name }
func (i fileInfo) Size() int64        { return i.size }
func (i fileInfo) Mode() fs.FileMode  { return i.mode }
func (i fileInfo) ModTime() time.Time { return i.modTime }
func (i fileInfo) IsDir() bool        { return false }
func (i fileInfo) Sys() any           { return nil }
