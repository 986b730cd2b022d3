package data

import (
	"bytes"
	"io"
	"io/fs"
	"path"
	"sort"
	"sync"
	"time"
)

const stillsDir = "stills"

// stillFS serves the demo JPEGs, rendering each on first use. It holds the
// root directory, "stills", and one file per shot.
type stillFS struct {
	shots  []shot
	byName map[string]int // base name in stillsDir → shot
	names  []string       // sorted base names
	cache  []lazyJPEG
}

type lazyJPEG struct {
	once sync.Once
	data []byte
	err  error
}

func newStillFS(shots []shot) *stillFS {
	f := &stillFS{shots: shots, byName: make(map[string]int, len(shots)), cache: make([]lazyJPEG, len(shots))}
	for i := range shots {
		name := path.Base(shots[i].rec.file)
		f.byName[name] = i
		f.names = append(f.names, name)
	}
	sort.Strings(f.names)
	return f
}

// jpeg returns the bytes of shot i, rendering them once.
func (f *stillFS) jpeg(i int) ([]byte, error) {
	l := &f.cache[i]
	l.once.Do(func() { l.data, l.err = render(&f.shots[i]) })
	return l.data, l.err
}

// lookup resolves a file name to its shot.
func (f *stillFS) lookup(name string) (int, bool) {
	dir, base := path.Split(name)
	if dir != stillsDir+"/" {
		return 0, false
	}
	i, ok := f.byName[base]
	return i, ok
}

// Open implements fs.FS.
func (f *stillFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	switch name {
	case ".", stillsDir:
		entries, _ := f.ReadDir(name)
		return &dirFile{info: dirInfo(path.Base(name)), entries: entries}, nil
	}
	i, ok := f.lookup(name)
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	data, err := f.jpeg(i)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &stillFile{Reader: bytes.NewReader(data), info: fileInfo{name: path.Base(name), size: int64(len(data))}}, nil
}

// ReadFile implements fs.ReadFileFS, sparing a copy through a reader.
func (f *stillFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	i, ok := f.lookup(name)
	if !ok {
		if name == "." || name == stillsDir {
			return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
		}
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrNotExist}
	}
	data, err := f.jpeg(i)
	if err != nil {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: err}
	}
	return bytes.Clone(data), nil
}

// ReadDir implements fs.ReadDirFS. Listing does not render: an entry's
// Info renders its file only when asked for the size.
func (f *stillFS) ReadDir(name string) ([]fs.DirEntry, error) {
	switch name {
	case ".":
		return []fs.DirEntry{fs.FileInfoToDirEntry(dirInfo(stillsDir))}, nil
	case stillsDir:
		out := make([]fs.DirEntry, len(f.names))
		for k, n := range f.names {
			out[k] = stillEntry{fs: f, name: n}
		}
		return out, nil
	}
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
}

type stillEntry struct {
	fs   *stillFS
	name string
}

func (e stillEntry) Name() string      { return e.name }
func (e stillEntry) IsDir() bool       { return false }
func (e stillEntry) Type() fs.FileMode { return 0 }
func (e stillEntry) Info() (fs.FileInfo, error) {
	data, err := e.fs.jpeg(e.fs.byName[e.name])
	if err != nil {
		return nil, err
	}
	return fileInfo{name: e.name, size: int64(len(data))}, nil
}

// fileInfo describes a file or directory of the FS; times are zero because
// the content never changes.
type fileInfo struct {
	name string
	size int64
	dir  bool
}

func dirInfo(name string) fileInfo { return fileInfo{name: name, dir: true} }

func (i fileInfo) Name() string       { return i.name }
func (i fileInfo) Size() int64        { return i.size }
func (i fileInfo) ModTime() time.Time { return time.Time{} }
func (i fileInfo) IsDir() bool        { return i.dir }
func (i fileInfo) Sys() any           { return nil }
func (i fileInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}

// stillFile is an open JPEG.
type stillFile struct {
	*bytes.Reader
	info fileInfo
}

func (f *stillFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *stillFile) Close() error               { return nil }

// dirFile is an open directory.
type dirFile struct {
	info    fileInfo
	entries []fs.DirEntry
	pos     int
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *dirFile) Close() error               { return nil }
func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: fs.ErrInvalid}
}

// ReadDir implements fs.ReadDirFile.
func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.pos:]
	if n <= 0 {
		d.pos = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	rest = rest[:min(n, len(rest))]
	d.pos += len(rest)
	return rest, nil
}
