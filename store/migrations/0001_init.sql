-- Schema version 1: accounts, the library of stills, the search outbox.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    created_at    TEXT NOT NULL
);

-- Session tokens are stored as SHA-256 hashes: a leaked database holds no
-- usable token.
CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at INTEGER NOT NULL -- unix seconds
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);

-- A film is identified by title (case-insensitive) and year; year 0 = unknown.
CREATE TABLE movies (
    id                  INTEGER PRIMARY KEY,
    title               TEXT NOT NULL COLLATE NOCASE,
    year                INTEGER NOT NULL DEFAULT 0,
    release_date        TEXT NOT NULL DEFAULT '',
    director            TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
    cinematographer     TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
    production_designer TEXT NOT NULL DEFAULT '',
    costume_designer    TEXT NOT NULL DEFAULT '',
    editor              TEXT NOT NULL DEFAULT '',
    distributor         TEXT NOT NULL DEFAULT '',
    rating              TEXT NOT NULL DEFAULT '',
    genres              TEXT NOT NULL DEFAULT '[]', -- JSON array of genre slugs
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE UNIQUE INDEX movies_title_year ON movies(title, year);
CREATE INDEX movies_director ON movies(director);
CREATE INDEX movies_cinematographer ON movies(cinematographer);

-- Stills. Single-valued taxonomy fields are columns ('' = not set), each
-- indexed together with id so a filter also yields newest-first order.
-- year is the film's year copied here so that year filters and sorts need
-- no join; NULL when unknown.
CREATE TABLE images (
    id               INTEGER PRIMARY KEY,
    external_id      TEXT NOT NULL UNIQUE,
    movie_id         INTEGER REFERENCES movies(id) ON DELETE SET NULL,
    year             INTEGER,
    title            TEXT NOT NULL DEFAULT '',
    description      TEXT NOT NULL DEFAULT '',
    timecode         TEXT NOT NULL DEFAULT '',
    width            INTEGER NOT NULL DEFAULT 0,
    height           INTEGER NOT NULL DEFAULT 0,
    content_hash     TEXT UNIQUE,          -- sha256 hex of the original; NULL when catalog-only
    mime             TEXT NOT NULL DEFAULT '',
    ext              TEXT NOT NULL DEFAULT '',
    bytes            INTEGER NOT NULL DEFAULT 0,
    palette          TEXT NOT NULL DEFAULT '[]', -- JSON [{"hex","share"}]
    blurhash         TEXT NOT NULL DEFAULT '',
    media_type       TEXT NOT NULL DEFAULT '',
    frame_size       TEXT NOT NULL DEFAULT '',
    lens_size        TEXT NOT NULL DEFAULT '',
    composition      TEXT NOT NULL DEFAULT '',
    time_of_day      TEXT NOT NULL DEFAULT '',
    int_ext          TEXT NOT NULL DEFAULT '',
    location_type    TEXT NOT NULL DEFAULT '',
    time_period      TEXT NOT NULL DEFAULT '',
    aspect_ratio     TEXT NOT NULL DEFAULT '',
    format           TEXT NOT NULL DEFAULT '',
    optical_format   TEXT NOT NULL DEFAULT '',
    number_of_people TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX images_movie ON images(movie_id, id);
CREATE INDEX images_year_asc ON images(coalesce(year, 100000), id);
CREATE INDEX images_year_desc ON images(coalesce(year, -1), id);
CREATE INDEX images_media_type ON images(media_type, id);
CREATE INDEX images_frame_size ON images(frame_size, id);
CREATE INDEX images_lens_size ON images(lens_size, id);
CREATE INDEX images_composition ON images(composition, id);
CREATE INDEX images_time_of_day ON images(time_of_day, id);
CREATE INDEX images_int_ext ON images(int_ext, id);
CREATE INDEX images_location_type ON images(location_type, id);
CREATE INDEX images_time_period ON images(time_period, id);
CREATE INDEX images_aspect_ratio ON images(aspect_ratio, id);
CREATE INDEX images_format ON images(format, id);
CREATE INDEX images_optical_format ON images(optical_format, id);
CREATE INDEX images_number_of_people ON images(number_of_people, id);

-- Multi-valued fields (shot_type, lighting, lighting_type, color, lab_process,
-- gender, age, genre) and the free lists (tag, actor), one row a value. The
-- primary key serves "which stills have value V of field F", newest first.
CREATE TABLE image_values (
    field    TEXT NOT NULL,
    value    TEXT NOT NULL COLLATE NOCASE,
    image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
    pos      INTEGER NOT NULL DEFAULT 0, -- order given by the user
    PRIMARY KEY (field, value, image_id)
) WITHOUT ROWID;
CREATE INDEX image_values_image ON image_values(image_id);

-- Palette colours in CIELAB, for colour search: "stills whose palette holds a
-- colour within distance D of this one, covering at least share S".
CREATE TABLE image_swatches (
    image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
    pos      INTEGER NOT NULL,
    l        REAL NOT NULL,
    a        REAL NOT NULL,
    b        REAL NOT NULL,
    share    REAL NOT NULL,
    PRIMARY KEY (image_id, pos)
) WITHOUT ROWID;
-- Covers the colour filter: a range on L, the rest checked in the index.
CREATE INDEX image_swatches_lab ON image_swatches(l, a, b, share, image_id);

-- The outbox: one row per change to a searchable entity, written in the same
-- transaction as the change. The search indexer applies rows in seq order.
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    entity     TEXT NOT NULL,    -- 'image' | 'deck'
    entity_id  INTEGER NOT NULL,
    op         TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
    created_at TEXT NOT NULL
);
