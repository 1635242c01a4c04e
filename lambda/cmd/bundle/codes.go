package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"dunban/lambda/admin"
	"dunban/lambda/unitcode"
)

// unitCodes mints 单位填报码: for every unit of units.csv (a new hashes file,
// so every earlier code is revoked), or with -unit for that unit alone (its
// entry in the existing hashes file replaced, the others kept). It writes
// the codes to hand out to c.Out and the hashes to c.Hashes, both complete
// or not at all.
func unitCodes(c Config, w io.Writer) error {
	units, _, err := admin.LoadContent(os.DirFS(c.Content))
	if err != nil {
		return err
	}
	book := unitcode.NewBook()
	names := []string{c.Unit}
	if c.Unit == "" {
		names = names[:0]
		for _, u := range units.Units() {
			names = append(names, u.Name)
		}
	} else {
		if _, ok := units.Lookup(c.Unit); !ok {
			return fmt.Errorf("unit %q is not in %s (names must match exactly)", c.Unit, filepath.Join(c.Content, "units.csv"))
		}
		if book, err = readBook(c.Hashes); err != nil {
			return err
		}
	}
	issued := make([]unitcode.Issued, 0, len(names))
	for _, name := range names {
		code := unitcode.New()
		if err := book.Set(name, code); err != nil {
			return err
		}
		issued = append(issued, unitcode.Issued{Unit: name, Code: code})
	}
	var sheet, hashes bytes.Buffer
	if err := unitcode.WriteSheet(&sheet, issued); err != nil {
		return err
	}
	if _, err := book.WriteTo(&hashes); err != nil {
		return err
	}
	if err := writeFiles(map[string][]byte{c.Out: sheet.Bytes(), c.Hashes: hashes.Bytes()}); err != nil {
		return err
	}
	fmt.Fprintf(w, "已为 %d 个单位生成新的填报码（各单位原有的填报码随之作废）：\n"+
		"  %s  交给各单位的填报码（单位名称、填报码；请只发给本单位，发完后删除此文件）\n"+
		"  %s  部署用的哈希文件，共 %d 个单位（只含加盐哈希；与 admins.json 一起部署：make deploy，不要提交到代码库）\n",
		len(issued), c.Out, c.Hashes, len(book.Units()))
	return nil
}

// readBook reads the hashes file to update; a missing one is an empty book.
func readBook(path string) (*unitcode.Book, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return unitcode.NewBook(), nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := unitcode.ParseBook(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// writeFiles writes every file under a temporary name beside it and renames
// them into place only once all are written: the codes handed out and the
// hashes deployed never disagree.
func writeFiles(files map[string][]byte) error {
	temps := map[string]string{}
	defer func() {
		for _, tmp := range temps {
			os.Remove(tmp)
		}
	}()
	for path, data := range files {
		f, err := os.CreateTemp(filepath.Dir(path), ".unit-codes-*.part")
		if err != nil {
			return err
		}
		temps[path] = f.Name()
		_, err = f.Write(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	for path, tmp := range temps {
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		delete(temps, path)
	}
	return nil
}
