//go:build unix

package build

import (
	"io/fs"
	"syscall"
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
