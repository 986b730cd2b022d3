-- Decks: collections of cards that a team builds together. Every change to a
-- deck bumps its version and appends the op to deck_ops in one transaction.
CREATE TABLE decks (
    id          INTEGER PRIMARY KEY,
    owner_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    -- The read-only share link: the SHA-256 of its token, never the token.
    share_hash           BLOB UNIQUE,
    share_expires_at     TEXT,
    share_allow_download INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX decks_owner ON decks(owner_id, updated_at);

-- Members other than the owner (who is decks.owner_id).
CREATE TABLE deck_members (
    deck_id    INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('editor', 'viewer')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (deck_id, user_id)
) WITHOUT ROWID;
CREATE INDEX deck_members_user ON deck_members(user_id, deck_id);

-- Cards in fractional-position order: moving a card rewrites its position
-- only. A deleted still leaves its card with image_id NULL.
CREATE TABLE cards (
    id         INTEGER PRIMARY KEY,
    deck_id    INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
    image_id   INTEGER REFERENCES images(id) ON DELETE SET NULL,
    position   TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (deck_id, position)
);
CREATE INDEX cards_image ON cards(image_id) WHERE image_id IS NOT NULL;

-- Text boxes over a card, in their order on the card.
CREATE TABLE text_elements (
    card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
    pos     INTEGER NOT NULL,
    id      TEXT NOT NULL,
    text    TEXT NOT NULL,
    x       REAL NOT NULL,
    y       REAL NOT NULL,
    width   REAL NOT NULL,
    height  REAL NOT NULL,
    style   TEXT NOT NULL DEFAULT '{}',  -- JSON object, validated by deck/
    PRIMARY KEY (card_id, pos)
) WITHOUT ROWID;

-- The live op log, for resync after a reconnect; trimmed to the newest ops.
CREATE TABLE deck_ops (
    deck_id    INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    actor_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    op         TEXT NOT NULL,  -- JSON, as broadcast
    created_at TEXT NOT NULL,
    PRIMARY KEY (deck_id, version)
) WITHOUT ROWID;
