//! C2SP tlog-tiles paths and entry bundles.
//!
//! A tiled log is served as immutable static files, so mirrors and monitors
//! can fetch and cache it cheaply and nobody needs a bespoke API to audit it.
//! C2SP paths carry no tile height (it is always 8) and put entry bundles
//! under `tile/entries/`; `tlog_tiles`' own paths follow Go's sumdb layout
//! (`tile/8/0/…`, `tile/8/data/…`), so the paths are written here.

use crate::LedgerError;

/// Hashes in a full tile, and entries in a full bundle (2^8).
pub const TILE_WIDTH: u16 = 256;

/// Writes `n` in 3-digit groups, all but the last prefixed with `x`:
/// 1234067 → `x001/x234/067`.
fn index_path(n: u64) -> String {
    let mut groups = vec![format!("{:03}", n % 1000)];
    let mut rest = n / 1000;
    while rest > 0 {
        groups.push(format!("x{:03}", rest % 1000));
        rest /= 1000;
    }
    groups.reverse();
    groups.join("/")
}

fn partial_suffix(partial_width: Option<u16>) -> String {
    partial_width.map(|width| format!(".p/{width}")).unwrap_or_default()
}

/// The path of hash tile `level`/`n`, e.g. `tile/0/x001/x234/067`, with
/// `.p/<W>` appended for a partial tile of `W` (1–255) hashes.
pub fn tile_path(level: u8, n: u64, partial_width: Option<u16>) -> String {
    format!("tile/{level}/{}{}", index_path(n), partial_suffix(partial_width))
}

/// The path of entry bundle `n`, e.g. `tile/entries/x001/x234/067`, with
/// `.p/<W>` appended for a partial bundle of `W` (1–255) entries.
pub fn entries_path(n: u64, partial_width: Option<u16>) -> String {
    format!("tile/entries/{}{}", index_path(n), partial_suffix(partial_width))
}

/// One tile position: hash tile `level`/`n` holding `width` hashes (256 when
/// full). At level 0 the same coordinates name the entry bundle of the same
/// entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TileRef {
    /// The tile level (tree level `8 * level`).
    pub level: u8,
    /// The tile index within its level.
    pub n: u64,
    /// How many hashes (or entries) it holds, 1 to 256.
    pub width: u16,
}

impl TileRef {
    /// The width for a path: `None` for a full tile.
    pub fn partial_width(&self) -> Option<u16> {
        (self.width < TILE_WIDTH).then_some(self.width)
    }

    /// The hash tile's path, see [`tile_path`].
    pub fn path(&self) -> String {
        tile_path(self.level, self.n, self.partial_width())
    }

    /// The path of the entry bundle with the same coordinates (level 0
    /// only), see [`entries_path`].
    pub fn entries_path(&self) -> Option<String> {
        (self.level == 0).then(|| entries_path(self.n, self.partial_width()))
    }
}

/// A file of a tiled log, named by its path: a hash tile or an entry bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TileFile {
    /// Hash tile `tile.level`/`tile.n` (`tile/<L>/<N>[.p/<W>]`).
    Hashes(TileRef),
    /// Entry bundle `tile.n` (`tile/entries/<N>[.p/<W>]`); its level is 0.
    Entries(TileRef),
}

impl TileFile {
    /// The tile coordinates.
    pub fn tile(&self) -> TileRef {
        match self {
            TileFile::Hashes(tile) | TileFile::Entries(tile) => *tile,
        }
    }

    /// The file's path, see [`tile_path`] and [`entries_path`].
    pub fn path(&self) -> String {
        match self {
            TileFile::Hashes(tile) => tile.path(),
            TileFile::Entries(tile) => entries_path(tile.n, tile.partial_width()),
        }
    }
}

/// Parses a C2SP tile path (`tile/0/x001/x234/067.p/5`,
/// `tile/entries/000`). Only the canonical spelling is accepted, the one
/// [`tile_path`] and [`entries_path`] write (no leading zero groups or
/// digits, width 1–255 after `.p/`, level below 8), so every tile has
/// exactly one path and a server can cache by path. `None` if `path` names
/// no tile.
pub fn parse_tile_path(path: &str) -> Option<TileFile> {
    let rest = path.strip_prefix("tile/")?;
    let (first, rest) = rest.split_once('/')?;
    let (index, width) = match rest.split_once(".p/") {
        Some((index, width)) => {
            let width: u16 = width.parse().ok()?;
            if width == 0 || width >= TILE_WIDTH {
                return None;
            }
            (index, width)
        }
        None => (rest, TILE_WIDTH),
    };
    let mut groups = index.split('/').peekable();
    let mut n: u64 = 0;
    while let Some(group) = groups.next() {
        let digits = if groups.peek().is_some() { group.strip_prefix('x')? } else { group };
        if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        n = n.checked_mul(1000)?.checked_add(digits.parse().ok()?)?;
    }
    let file = if first == "entries" {
        TileFile::Entries(TileRef { level: 0, n, width })
    } else {
        let level: u8 = first.parse().ok()?;
        if level >= 8 {
            return None;
        }
        TileFile::Hashes(TileRef { level, n, width })
    };
    // Re-encoding refuses every other spelling of the same tile.
    (file.path() == path).then_some(file)
}

/// Checks that `tile` lies within a tree of `size` entries: its last node
/// covers entries up to `(n*256 + width) * 256^level`.
pub(crate) fn check_tile(tile: TileRef, size: u64) -> Result<(), LedgerError> {
    if tile.level >= 8 {
        return Err(LedgerError::InvalidTile("level must be below 8"));
    }
    if !(1..=TILE_WIDTH).contains(&tile.width) {
        return Err(LedgerError::InvalidTile("width must be 1 to 256"));
    }
    let end = u128::from(tile.n)
        .checked_mul(256)
        .and_then(|first| first.checked_add(u128::from(tile.width)))
        .and_then(|nodes| nodes.checked_mul(1u128 << (8 * u32::from(tile.level))));
    if end.is_none_or(|end| end > u128::from(size)) {
        return Err(LedgerError::InvalidTile("beyond the tree"));
    }
    Ok(())
}

/// The stored-hash indexes (tlog's layout, see [`crate::Tree`]) of the
/// hashes that make up `tile`, in tile order, for a tree of `size` entries.
/// A store that keeps the stored hashes serves a tile by reading exactly
/// these and concatenating them; no entry is rehashed.
pub fn tile_hash_indexes(tile: TileRef, size: u64) -> Result<Vec<u64>, LedgerError> {
    check_tile(tile, size)?;
    let first = tile.n * u64::from(TILE_WIDTH);
    Ok((0..u64::from(tile.width)).map(|i| tlog_tiles::stored_hash_index(8 * tile.level, first + i)).collect())
}

/// The tiles to (re)publish when the tree grows from `old_size` to
/// `new_size`: every tile that is new or wider, each at its new width,
/// lowest level first (as Go's `tlog.NewTiles`, without the narrower partial
/// tiles it also lists). Level-0 tiles double as the entry bundles to write.
/// The list has about `(new_size - old_size) / 255` items: call it per batch.
pub fn new_tiles(old_size: u64, new_size: u64) -> Result<Vec<TileRef>, LedgerError> {
    if old_size > new_size {
        return Err(LedgerError::SizeOutOfRange { size: old_size, limit: new_size });
    }
    let mut tiles = Vec::new();
    for level in 0..8u8 {
        let shift = 8 * u32::from(level);
        let old_n = old_size >> shift;
        let new_n = new_size >> shift;
        if new_n == 0 {
            break;
        }
        if old_n == new_n {
            continue;
        }
        for n in (old_n >> 8)..(new_n >> 8) {
            tiles.push(TileRef { level, n, width: TILE_WIDTH });
        }
        let n = new_n >> 8;
        // The remainder is below 256, so it fits.
        let width = u16::try_from(new_n - (n << 8)).unwrap_or(TILE_WIDTH);
        if width > 0 {
            tiles.push(TileRef { level, n, width });
        }
    }
    Ok(tiles)
}

/// Encodes an entry bundle: for each entry, its length as a big-endian
/// `u16`, then its bytes. At most 256 entries of at most 65,535 bytes.
pub fn encode_bundle(entries: &[&[u8]]) -> Result<Vec<u8>, LedgerError> {
    if entries.len() > usize::from(TILE_WIDTH) {
        return Err(LedgerError::OversizedBundle(entries.len()));
    }
    let total: usize = entries.iter().map(|entry| entry.len() + 2).sum();
    let mut bytes = Vec::with_capacity(total);
    for entry in entries {
        let len = u16::try_from(entry.len()).map_err(|_| LedgerError::EntryTooLarge { len: entry.len() })?;
        bytes.extend_from_slice(&len.to_be_bytes());
        bytes.extend_from_slice(entry);
    }
    Ok(bytes)
}

/// Decodes an entry bundle written by [`encode_bundle`]. A bundle that ends
/// inside a length prefix or an entry is refused, not silently shortened.
pub fn decode_bundle(bytes: &[u8]) -> Result<Vec<Vec<u8>>, LedgerError> {
    let mut entries = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let (prefix, tail) = rest.split_first_chunk::<2>().ok_or(LedgerError::TruncatedBundle)?;
        let len = usize::from(u16::from_be_bytes(*prefix));
        let (entry, tail) = tail.split_at_checked(len).ok_or(LedgerError::TruncatedBundle)?;
        if entries.len() == usize::from(TILE_WIDTH) {
            return Err(LedgerError::OversizedBundle(entries.len() + 1));
        }
        entries.push(entry.to_vec());
        rest = tail;
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MAX_ENTRY;

    #[test]
    fn paths_follow_c2sp() {
        assert_eq!(tile_path(0, 1234067, None), "tile/0/x001/x234/067");
        assert_eq!(tile_path(1, 1234067, Some(1)), "tile/1/x001/x234/067.p/1");
        assert_eq!(tile_path(0, 0, Some(124)), "tile/0/000.p/124");
        assert_eq!(tile_path(2, 1000, None), "tile/2/x001/000");
        assert_eq!(tile_path(0, 999, None), "tile/0/999");
        assert_eq!(entries_path(1234067, None), "tile/entries/x001/x234/067");
        assert_eq!(entries_path(5, Some(7)), "tile/entries/005.p/7");
        assert_eq!(tile_path(0, u64::MAX, None), "tile/0/x018/x446/x744/x073/x709/x551/615");
    }

    #[test]
    fn new_tiles_match_tlog() {
        let sizes = [0u64, 1, 2, 255, 256, 257, 511, 512, 1000, 65_535, 65_536, 65_537, 70_000, 16_777_216, 20_000_000];
        for &old in &sizes {
            for &new in sizes.iter().filter(|&&new| new >= old) {
                let ours = new_tiles(old, new).unwrap();
                let theirs: Vec<TileRef> = tlog_tiles::Tile::new_tiles(8, old, new)
                    .into_iter()
                    .map(|t| TileRef { level: t.level(), n: t.level_index(), width: t.width() as u16 })
                    .collect();
                assert_eq!(ours, theirs, "{old} -> {new}");
            }
        }
        assert!(new_tiles(2, 1).is_err());
        let tiles = new_tiles(250, 300).unwrap();
        assert_eq!(
            tiles,
            vec![
                TileRef { level: 0, n: 0, width: 256 },
                TileRef { level: 0, n: 1, width: 44 },
                TileRef { level: 1, n: 0, width: 1 }
            ]
        );
        assert_eq!(tiles[1].path(), "tile/0/001.p/44");
        assert_eq!(tiles[1].entries_path().unwrap(), "tile/entries/001.p/44");
        assert_eq!(tiles[0].path(), "tile/0/000");
        assert_eq!(tiles[2].entries_path(), None);
    }

    #[test]
    fn tile_paths_parse_back_and_only_canonically() {
        for file in [
            TileFile::Hashes(TileRef { level: 0, n: 1234067, width: 256 }),
            TileFile::Hashes(TileRef { level: 1, n: 0, width: 1 }),
            TileFile::Hashes(TileRef { level: 7, n: 999, width: 255 }),
            TileFile::Entries(TileRef { level: 0, n: 5, width: 7 }),
            TileFile::Entries(TileRef { level: 0, n: 1000, width: 256 }),
            TileFile::Hashes(TileRef { level: 0, n: u64::MAX, width: 256 }),
        ] {
            assert_eq!(parse_tile_path(&file.path()), Some(file), "{}", file.path());
        }
        for bad in [
            "",
            "tile/",
            "tile/0",
            "tile/0/",
            "tile/0/67",
            "tile/0/0067",
            "tile/0/x000/067",
            "tile/0/x001",
            "tile/0/001/",
            "tile/0/x1/000",
            "tile/0/000.p/0",
            "tile/0/000.p/256",
            "tile/0/000.p/07",
            "tile/0/000.p/+7",
            "tile/0/000.p/",
            "tile/0/000.p/7/",
            "tile/00/000",
            "tile/+0/000",
            "tile/8/000",
            "tile/entries/",
            "tile/data/000",
            "tile/0/x018/x446/x744/x073/x709/x551/616",
            "tile/0/x999/x999/x999/x999/x999/x999/x999/999",
            "/tile/0/000",
            "tile/0/-01",
        ] {
            assert_eq!(parse_tile_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn tiles_from_stored_hashes_equal_the_trees_tiles() {
        let mut tree = crate::Tree::new();
        for i in 0..600u64 {
            tree.append(format!("entry {i}").as_bytes()).unwrap();
        }
        for tile in new_tiles(0, 600).unwrap().into_iter().chain([TileRef { level: 0, n: 1, width: 3 }]) {
            let bytes: Vec<u8> = tile_hash_indexes(tile, 600)
                .unwrap()
                .into_iter()
                .flat_map(|i| tree.stored_hashes()[i as usize])
                .collect();
            assert_eq!(bytes, tree.tile(tile.level, tile.n, tile.width).unwrap(), "{}", tile.path());
        }
        assert!(tile_hash_indexes(TileRef { level: 0, n: 2, width: 89 }, 600).is_err());
        assert!(tile_hash_indexes(TileRef { level: 1, n: 0, width: 3 }, 600).is_err());
        assert!(tile_hash_indexes(TileRef { level: 0, n: u64::MAX, width: 256 }, u64::MAX).is_err());
    }

    #[test]
    fn bundles_round_trip() {
        let entries: Vec<&[u8]> = vec![b"one", b"", b"three"];
        let bytes = encode_bundle(&entries).unwrap();
        assert_eq!(bytes, b"\x00\x03one\x00\x00\x00\x05three");
        assert_eq!(decode_bundle(&bytes).unwrap(), vec![b"one".to_vec(), vec![], b"three".to_vec()]);
        assert_eq!(decode_bundle(&[]).unwrap(), Vec::<Vec<u8>>::new());
    }

    #[test]
    fn truncated_bundles_are_refused() {
        let bytes = encode_bundle(&[b"one", b"three"]).unwrap();
        for cut in 1..bytes.len() {
            if cut == 5 {
                continue; // a whole first entry is a valid bundle
            }
            assert_eq!(decode_bundle(&bytes[..cut]), Err(LedgerError::TruncatedBundle), "cut at {cut}");
        }
    }

    #[test]
    fn oversized_entries_and_bundles_are_refused() {
        let big = vec![0u8; MAX_ENTRY + 1];
        assert_eq!(encode_bundle(&[&big]), Err(LedgerError::EntryTooLarge { len: MAX_ENTRY + 1 }));
        let max = vec![0u8; MAX_ENTRY];
        assert_eq!(decode_bundle(&encode_bundle(&[&max]).unwrap()).unwrap(), vec![max]);
        let many: Vec<&[u8]> = vec![b"x"; 257];
        assert_eq!(encode_bundle(&many), Err(LedgerError::OversizedBundle(257)));
        let mut bytes = encode_bundle(&many[..256]).unwrap();
        bytes.extend_from_slice(b"\x00\x01x");
        assert_eq!(decode_bundle(&bytes), Err(LedgerError::OversizedBundle(257)));
    }
}
