package data

import (
	"bytes"
	"image/jpeg"
	"io"
	"io/fs"
	"math"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

func TestDemoManifest(t *testing.T) {
	manifest, _ := Demo()
	lines := splitLines(t, manifest)
	if len(lines) != demoCount {
		t.Fatalf("got %d lines, want %d", len(lines), demoCount)
	}
	ids := map[string]bool{}
	buckets, tags, kinds := map[string]int{}, map[string]int{}, map[string]int{}
	for n, line := range lines {
		obj := checkLine(t, n+1, line)
		id := obj["id"].(string)
		if ids[id] || obj["file"] != "stills/"+id+".jpg" {
			t.Fatalf("line %d: id %q, file %v", n+1, id, obj["file"])
		}
		ids[id] = true
		for _, k := range []string{"color", "width", "height", "palette"} {
			if _, ok := obj[k]; ok {
				t.Errorf("line %d: %s is computed from the pixels, not given", n+1, k)
			}
		}
		for _, k := range []string{"media_type", "frame_size", "lens_size", "composition", "lighting", "lighting_type",
			"int_ext", "location_type", "aspect_ratio", "format", "optical_format", "number_of_people"} {
			if _, ok := obj[k]; !ok {
				t.Errorf("line %d: no %s", n+1, k)
			}
		}
		if f := filmOf(t, n+1, obj); f.Director == "" {
			t.Errorf("line %d: film without a director", n+1)
		}
		buckets[obj["aspect_ratio"].(string)]++
		for _, tg := range obj["tags"].([]any) {
			tags[tg.(string)]++
		}
		kinds[scenes[n%len(scenes)].name]++
	}
	if len(buckets) < 8 {
		t.Errorf("only %d aspect ratios: %v", len(buckets), buckets)
	}
	for _, tg := range []string{"sunset", "neon", "silhouette", "night", "desert", "snow", "forest", "office", "lamp", "black and white", "sepia"} {
		if tags[tg] == 0 {
			t.Errorf("no still tagged %q", tg)
		}
	}
	t.Logf("aspect ratios %v", buckets)
}

// TestDemoConsistency spot-checks that metadata follows what is drawn.
func TestDemoConsistency(t *testing.T) {
	manifest, _ := Demo()
	for n, line := range splitLines(t, manifest) {
		obj := checkLine(t, n+1, line)
		has := func(field, v string) bool { return hasValue(obj, field, v) }
		switch scenes[n%len(scenes)].name {
		case "sunset":
			if !has("int_ext", "exterior") || !has("lighting", "backlight") || !has("lighting_type", "sunny") ||
				!(has("time_of_day", "sunset") || has("time_of_day", "sunrise")) {
				t.Errorf("line %d: sunset metadata: %s", n+1, line)
			}
		case "silhouette":
			if !has("lighting", "silhouette") || !has("lighting", "backlight") {
				t.Errorf("line %d: silhouette metadata: %s", n+1, line)
			}
		case "neon_street":
			if !has("time_of_day", "night") || !has("location_type", "urban") || !has("lighting_type", "artificial") {
				t.Errorf("line %d: neon metadata: %s", n+1, line)
			}
		case "office":
			if !has("int_ext", "interior") || !has("lighting_type", "fluorescent") {
				t.Errorf("line %d: office metadata: %s", n+1, line)
			}
		case "desert", "day_landscape", "water", "city_dusk":
			if !has("number_of_people", "none") && !bytes.Contains(line, []byte("figure")) && !bytes.Contains(line, []byte("walker")) {
				t.Errorf("line %d: people in an empty landscape: %s", n+1, line)
			}
		}
	}
}

// TestDemoFiles renders every still once: each must decode as a JPEG of the
// advertised aspect ratio, and the FS must behave as an fs.FS.
func TestDemoFiles(t *testing.T) {
	manifest, files := Demo()
	lines := splitLines(t, manifest)
	type job struct {
		n     int
		file  string
		ratio float64
	}
	jobs := make(chan job)
	errs := make(chan error, len(lines))
	var wg sync.WaitGroup
	var renderTime time.Duration
	var mu sync.Mutex
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				start := time.Now()
				f, err := files.Open(j.file)
				if err != nil {
					errs <- err
					continue
				}
				mu.Lock()
				renderTime += time.Since(start)
				mu.Unlock()
				img, err := jpeg.Decode(f)
				f.Close()
				if err != nil {
					errs <- err
					continue
				}
				b := img.Bounds()
				if got := float64(b.Dx()) / float64(b.Dy()); math.Abs(got-j.ratio)/j.ratio > 0.01 {
					errs <- &ratioError{j.file, b.Dx(), b.Dy(), j.ratio}
				}
			}
		}()
	}
	for n, line := range lines {
		obj := checkLine(t, n+1, line)
		ratio, _ := strconv.ParseFloat(obj["aspect_ratio"].(string), 64)
		jobs <- job{n + 1, obj["file"].(string), ratio}
	}
	close(jobs)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	t.Logf("rendered %d stills, %v each on average (%d workers)", len(lines), renderTime/time.Duration(len(lines)), runtime.GOMAXPROCS(0))

	// Everything is rendered and cached by now, so the full fs.FS check is cheap.
	if err := fstest.TestFS(files, "stills/demo-0001.jpg", "stills/demo-0240.jpg"); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"stills/demo-0000.jpg", "demo-0001.jpg", "stills/../stills/demo-0001.jpg", "/stills/demo-0001.jpg"} {
		if f, err := files.Open(bad); err == nil {
			f.Close()
			t.Errorf("opened %q", bad)
		}
	}
}

type ratioError struct {
	file  string
	w, h  int
	ratio float64
}

func (e *ratioError) Error() string {
	return e.file + ": " + strconv.Itoa(e.w) + "x" + strconv.Itoa(e.h) + ", manifest says " + strconv.FormatFloat(e.ratio, 'f', 2, 64)
}

func TestDemoDeterministic(t *testing.T) {
	m1, fs1 := Demo()
	m2, fs2 := Demo()
	if !bytes.Equal(m1, m2) {
		t.Fatal("manifest differs between calls")
	}
	for _, name := range []string{"stills/demo-0002.jpg", "stills/demo-0009.jpg", "stills/demo-0015.jpg"} {
		a, err := fs.ReadFile(fs1, name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := fs2.Open(name) // a second FS renders afresh
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(f)
		f.Close()
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two renders differ", name)
		}
	}
	a, _ := render(&demo.shots[3])
	b, _ := render(&demo.shots[3])
	if !bytes.Equal(a, b) {
		t.Error("render is not deterministic")
	}
}

func BenchmarkRender(b *testing.B) {
	Demo()
	for i := 0; b.Loop(); i++ {
		if _, err := render(&demo.shots[i%len(demo.shots)]); err != nil {
			b.Fatal(err)
		}
	}
}

func TestDemoConcurrentOpen(t *testing.T) {
	_, files := Demo()
	var wg sync.WaitGroup
	got := make([][]byte, 4)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], _ = fs.ReadFile(files, "stills/demo-0010.jpg")
		}()
	}
	wg.Wait()
	for i := range got {
		if len(got[i]) == 0 || !bytes.Equal(got[i], got[0]) {
			t.Fatalf("reader %d got %d bytes", i, len(got[i]))
		}
	}
}
