// A BlurHash decoder (https://blurha.sh format): turns the short string the
// API sends with every still into a tiny image shown while the thumbnail
// loads.

const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~';
const digitValue = new Map([...digits].map((c, i) => [c, i]));

function base83(s) {
  let v = 0;
  for (const c of s) {
    const d = digitValue.get(c);
    if (d === undefined) throw new Error(`blurhash: bad character ${JSON.stringify(c)}`);
    v = v * 83 + d;
  }
  return v;
}

function toLinear(v) {
  const x = v / 255;
  return x <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
}

function toSRGB(v) {
  const x = Math.max(0, Math.min(1, v));
  return x <= 0.0031308 ? Math.round(x * 12.92 * 255) : Math.round((1.055 * Math.pow(x, 1 / 2.4) - 0.055) * 255);
}

const signPow = (v, e) => Math.sign(v) * Math.pow(Math.abs(v), e);

/** components returns [x, y] component counts, or throws for a bad hash. */
export function components(hash) {
  if (typeof hash !== 'string' || hash.length < 6) throw new Error('blurhash: too short');
  const size = base83(hash[0]);
  const nx = (size % 9) + 1, ny = Math.floor(size / 9) + 1;
  if (hash.length !== 4 + 2 * nx * ny) throw new Error(`blurhash: length ${hash.length}, want ${4 + 2 * nx * ny}`);
  return [nx, ny];
}

/**
 * decode returns RGBA pixels (a Uint8ClampedArray of width*height*4) for a
 * hash; punch > 1 strengthens the contrast.
 */
export function decode(hash, width, height, punch = 1) {
  const [nx, ny] = components(hash);
  const max = (base83(hash[1]) + 1) / 166;
  const colors = [];
  const dc = base83(hash.slice(2, 6));
  colors.push([toLinear(dc >> 16), toLinear((dc >> 8) & 255), toLinear(dc & 255)]);
  for (let i = 1; i < nx * ny; i++) {
    const v = base83(hash.slice(4 + i * 2, 6 + i * 2));
    const q = [Math.floor(v / 361), Math.floor(v / 19) % 19, v % 19];
    colors.push(q.map((c) => signPow((c - 9) / 9, 2) * max * punch));
  }
  const px = new Uint8ClampedArray(width * height * 4);
  // Cosines per axis are computed once, not per pixel and component.
  const cosX = new Float64Array(width * nx), cosY = new Float64Array(height * ny);
  for (let x = 0; x < width; x++) for (let i = 0; i < nx; i++) cosX[x * nx + i] = Math.cos((Math.PI * x * i) / width);
  for (let y = 0; y < height; y++) for (let j = 0; j < ny; j++) cosY[y * ny + j] = Math.cos((Math.PI * y * j) / height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0, g = 0, b = 0;
      for (let j = 0; j < ny; j++) {
        const cy = cosY[y * ny + j];
        for (let i = 0; i < nx; i++) {
          const basis = cosX[x * nx + i] * cy;
          const c = colors[i + j * nx];
          r += c[0] * basis; g += c[1] * basis; b += c[2] * basis;
        }
      }
      const o = 4 * (x + y * width);
      px[o] = toSRGB(r); px[o + 1] = toSRGB(g); px[o + 2] = toSRGB(b); px[o + 3] = 255;
    }
  }
  return px;
}

/** averageColor is the hash's DC component as #rrggbb. */
export function averageColor(hash) {
  components(hash);
  const dc = base83(hash.slice(2, 6));
  return '#' + dc.toString(16).padStart(6, '0');
}
