package taxonomy

import (
	"errors"
	"testing"
)

func TestAspectBucket(t *testing.T) {
	for _, tc := range []struct {
		w, h int
		want string
	}{
		{1920, 1080, "1.78"}, {1920, 800, "2.39"}, {1000, 1000, "1.00"}, {1080, 1920, "0.56"},
		{4096, 1716, "2.39"}, {1998, 1080, "1.85"}, {0, 100, ""}, {100, 0, ""},
	} {
		if got := AspectBucket(tc.w, tc.h); got != tc.want {
			t.Errorf("%dx%d: %q, want %q", tc.w, tc.h, got, tc.want)
		}
	}
}

func TestFields(t *testing.T) {
	if len(Fields()) != 20 || len(SingleFields())+len(MultiFields()) != 20 {
		t.Fatalf("%d fields", len(Fields()))
	}
	f, ok := Lookup("lighting")
	if !ok || !f.Multi || !f.Has("silhouette") || f.Has("Silhouette") {
		t.Fatal("lighting")
	}
	var ve *ValueError
	if err := f.Check("neon"); !errors.As(err, &ve) || ve.Field != "lighting" || len(ve.Allowed) != 10 {
		t.Fatalf("Check: %v", err)
	}
	np, _ := Lookup("number_of_people")
	if np.LabelOf("6_plus") != "6+" || np.LabelOf("2") != "2" {
		t.Fatal("labels")
	}
	if Decade(1995) != "1990s" || Decade(0) != "" {
		t.Fatal("decade")
	}
}
