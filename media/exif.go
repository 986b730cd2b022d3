package media

import "encoding/binary"

// tagOrientation is the TIFF/EXIF tag that says how the stored pixels must be
// turned to be upright.
const tagOrientation = 0x0112

// jpegOrientation returns the EXIF orientation (1-8) of a JPEG file, or 1 when
// there is none or it cannot be read. It walks the marker segments up to the
// start of scan and reads IFD0 of the first APP1 Exif segment that holds the
// tag. Every offset comes from the file, so every read is bounds-checked.
func jpegOrientation(data []byte) int {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return 1
	}
	pos := 2
	for pos+4 <= len(data) {
		if data[pos] != 0xFF {
			return 1 // lost sync: not a marker where one must be
		}
		marker := data[pos+1]
		switch {
		case marker == 0xFF: // fill byte before a marker
			pos++
			continue
		case marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7):
			pos += 2 // markers without a length
			continue
		case marker == 0xDA || marker == 0xD9:
			return 1 // image data starts: metadata segments come before it
		}
		n := int(binary.BigEndian.Uint16(data[pos+2:]))
		if n < 2 || pos+2+n > len(data) {
			return 1
		}
		seg := data[pos+4 : pos+2+n]
		if marker == 0xE1 && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00" {
			if o, ok := tiffOrientation(seg[6:]); ok {
				return o
			}
		}
		pos += 2 + n
	}
	return 1
}

// tiffOrientation reads the orientation tag from IFD0 of a TIFF structure in
// either byte order. ok is false when the structure or the tag is missing or
// malformed, so the caller can try another segment.
func tiffOrientation(t []byte) (o int, ok bool) {
	if len(t) < 8 {
		return 0, false
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0, false
	}
	if bo.Uint16(t[2:]) != 42 {
		return 0, false
	}
	ifd := uint64(bo.Uint32(t[4:]))
	if ifd+2 > uint64(len(t)) {
		return 0, false
	}
	count := uint64(bo.Uint16(t[ifd:]))
	for i := uint64(0); i < count; i++ {
		e := ifd + 2 + 12*i
		if e+12 > uint64(len(t)) {
			return 0, false
		}
		if bo.Uint16(t[e:]) != tagOrientation {
			continue
		}
		// The value fits in the entry itself, left-justified. The spec says
		// SHORT; some writers use LONG, which costs nothing to accept.
		var v uint32
		switch typ := bo.Uint16(t[e+2:]); typ {
		case 3:
			v = uint32(bo.Uint16(t[e+8:]))
		case 4:
			v = bo.Uint32(t[e+8:])
		default:
			return 0, false
		}
		if v < 1 || v > 8 {
			return 0, false
		}
		return int(v), true
	}
	return 0, false
}
