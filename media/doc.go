// Package media turns an uploaded still into what the library stores and serves.
//
// It sniffs the file type from its bytes, checks the pixel dimensions before
// decoding (decompression bombs), decodes safely, applies the JPEG EXIF
// orientation, makes the JPEG derivatives (thumbnail and preview), extracts a
// colour palette, names its colours for the `color` facet and computes a
// blurhash placeholder. It knows nothing about HTTP or storage: the web layer
// maps its sentinel errors to statuses and the store keeps what it returns.
package media
