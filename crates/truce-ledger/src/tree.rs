//! The log's Merkle tree (RFC 6962, SHA-256), held in memory.
//!
//! The tree keeps tlog's "stored hashes" layout (Crosby and Wallach §3.3, as
//! in Go's `sumdb/tlog`): every node of every complete subtree, in the order
//! appends create them. A store therefore persists exactly the hashes each
//! [`Tree::append`] returns, and reloads a tree with
//! [`Tree::from_stored_hashes`] without rehashing any entry. Roots, proofs
//! and tiles are computed by the `tlog_tiles` crate, a port of the Go code
//! that has run the Go checksum database since 2019.
//!
//! `tlog_tiles` asserts on inputs it does not expect; every public function
//! here checks sizes and indices first, so none of those assertions is
//! reachable from input.

use tlog_tiles::HashReader;

use crate::{Hash, LedgerError, MAX_ENTRY};

/// The root of the empty tree, SHA-256 of the empty string.
pub const EMPTY_ROOT: Hash = tlog_tiles::EMPTY_HASH.0;

/// Inclusion proofs in a tree of at most 2^64 leaves have at most 64 hashes.
const MAX_INCLUSION_PROOF: usize = 64;
/// Consistency proofs have at most about two hashes per level.
const MAX_CONSISTENCY_PROOF: usize = 128;

/// The RFC 6962 leaf hash of a log entry: `SHA-256(0x00 || entry)`.
pub fn leaf_hash(entry: &[u8]) -> Hash {
    tlog_tiles::record_hash(entry).0
}

/// The Merkle tree in memory, in tlog's stored-hash layout.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tree {
    size: u64,
    hashes: Vec<Hash>,
}

/// Reads stored hashes out of the in-memory vector for `tlog_tiles`.
struct Reader<'a>(&'a [Hash]);

impl HashReader for Reader<'_> {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<tlog_tiles::Hash>, tlog_tiles::Error> {
        indexes
            .iter()
            .map(|&index| {
                usize::try_from(index)
                    .ok()
                    .and_then(|index| self.0.get(index))
                    .map(|hash| tlog_tiles::Hash(*hash))
                    .ok_or(tlog_tiles::Error::IndexesNotInTree)
            })
            .collect()
    }
}

fn internal(error: tlog_tiles::Error) -> LedgerError {
    LedgerError::Internal(error.to_string())
}

impl Tree {
    /// The empty tree.
    pub fn new() -> Tree {
        Tree::default()
    }

    /// Rebuilds a tree of `size` entries from its stored hashes (as returned,
    /// concatenated, by every [`Tree::append`]). Checks the count, and that
    /// every interior hash matches the hashes below it, so a corrupted store
    /// is caught on load rather than in a proof someone else checks.
    pub fn from_stored_hashes(size: u64, hashes: Vec<Hash>) -> Result<Tree, LedgerError> {
        let found = u64::try_from(hashes.len()).unwrap_or(u64::MAX);
        // A tree stores at least one hash per entry; checking this first also
        // keeps the count computation below from overflowing.
        let expected = if size <= found { tlog_tiles::stored_hash_count(size) } else { u64::MAX };
        if found != expected {
            return Err(LedgerError::StoredHashCount { size, expected, found });
        }
        let mut tree = Tree::new();
        for n in 0..size {
            let leaf_index = tlog_tiles::stored_hash_index(0, n);
            let leaf = usize::try_from(leaf_index)
                .ok()
                .and_then(|index| hashes.get(index))
                .ok_or(LedgerError::StoredHashMismatch { index: leaf_index })?;
            let added = tree.append_leaf_hash(*leaf)?;
            for (offset, hash) in added.iter().enumerate() {
                let index = leaf_index + offset as u64;
                let stored = usize::try_from(index).ok().and_then(|index| hashes.get(index));
                if stored != Some(hash) {
                    return Err(LedgerError::StoredHashMismatch { index });
                }
            }
        }
        Ok(tree)
    }

    /// The number of entries.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Appends an entry and returns the stored hashes it added, in storage
    /// order (the leaf hash first, then any subtrees it completes), to persist.
    pub fn append(&mut self, entry: &[u8]) -> Result<Vec<Hash>, LedgerError> {
        if entry.len() > MAX_ENTRY {
            return Err(LedgerError::EntryTooLarge { len: entry.len() });
        }
        self.append_leaf_hash(leaf_hash(entry))
    }

    /// Appends an entry by its leaf hash (for stores that hash elsewhere).
    pub fn append_leaf_hash(&mut self, leaf: Hash) -> Result<Vec<Hash>, LedgerError> {
        let added: Vec<Hash> =
            tlog_tiles::stored_hashes_for_record_hash(self.size, tlog_tiles::Hash(leaf), &Reader(&self.hashes))
                .map_err(internal)?
                .into_iter()
                .map(|hash| hash.0)
                .collect();
        self.hashes.extend_from_slice(&added);
        self.size += 1;
        Ok(added)
    }

    /// All stored hashes, in storage order.
    pub fn stored_hashes(&self) -> &[Hash] {
        &self.hashes
    }

    /// The root of the whole tree (the empty tree's is [`EMPTY_ROOT`]).
    pub fn root(&self) -> Result<Hash, LedgerError> {
        self.root_at(self.size)
    }

    /// The root of the tree's first `size` entries.
    pub fn root_at(&self, size: u64) -> Result<Hash, LedgerError> {
        self.check_size(size)?;
        Ok(tlog_tiles::tree_hash(size, &Reader(&self.hashes)).map_err(internal)?.0)
    }

    /// The inclusion proof of entry `index` in the tree of the first `size`
    /// entries (RFC 6962 §2.1.1 audit path, leaf side first).
    pub fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>, LedgerError> {
        self.check_size(size)?;
        if index >= size {
            return Err(LedgerError::IndexOutOfRange { index, size });
        }
        let proof = tlog_tiles::prove_record(size, index, &Reader(&self.hashes)).map_err(internal)?;
        Ok(proof.into_iter().map(|hash| hash.0).collect())
    }

    /// The consistency proof from the tree of `old` entries to the tree of
    /// `new` entries (RFC 6962 §2.1.2). Empty when `old` is 0 or equals `new`.
    pub fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Hash>, LedgerError> {
        self.check_size(new)?;
        if old > new {
            return Err(LedgerError::SizeOutOfRange { size: old, limit: new });
        }
        if old == 0 {
            return Ok(Vec::new());
        }
        let proof = tlog_tiles::prove_tree(new, old, &Reader(&self.hashes)).map_err(internal)?;
        Ok(proof.into_iter().map(|hash| hash.0).collect())
    }

    /// The bytes of C2SP tile `level`/`n` of `width` hashes (height 8): the
    /// concatenated hashes of the nodes `n*256 .. n*256+width` at tree level
    /// `8*level`. `width` is 256 for a full tile, 1–255 for a partial one.
    pub fn tile(&self, level: u8, n: u64, width: u16) -> Result<Vec<u8>, LedgerError> {
        crate::tiles::check_tile(crate::TileRef { level, n, width }, self.size)?;
        let tile = tlog_tiles::Tile::new(8, level, n, u32::from(width), false);
        tile.read_data(&Reader(&self.hashes)).map_err(internal)
    }

    fn check_size(&self, size: u64) -> Result<(), LedgerError> {
        if size > self.size { Err(LedgerError::SizeOutOfRange { size, limit: self.size }) } else { Ok(()) }
    }
}

/// The tree's right border only: the roots of the complete subtrees that
/// make up its size (one per set bit, at most 64 hashes). That is all that
/// appending and the root need, so a verifier that compares each stored
/// hash as it is recomputed, and each checkpoint as the tree reaches its
/// size, checks a log of any length in constant memory for the tree. It
/// cannot prove inclusion; [`Tree`] can.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frontier {
    size: u64,
    border: std::collections::BTreeMap<u64, Hash>,
}

/// Reads the border for `tlog_tiles`.
struct BorderReader<'a>(&'a std::collections::BTreeMap<u64, Hash>);

impl HashReader for BorderReader<'_> {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<tlog_tiles::Hash>, tlog_tiles::Error> {
        indexes
            .iter()
            .map(|index| {
                self.0.get(index).map(|hash| tlog_tiles::Hash(*hash)).ok_or(tlog_tiles::Error::IndexesNotInTree)
            })
            .collect()
    }
}

impl Frontier {
    /// The empty tree.
    pub fn new() -> Frontier {
        Frontier::default()
    }

    /// The number of entries.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The number of stored hashes the entries so far have.
    pub fn stored_hash_count(&self) -> u64 {
        tlog_tiles::stored_hash_count(self.size)
    }

    /// Appends an entry and returns the stored hashes it adds, as
    /// [`Tree::append`] does; the first is at storage index
    /// `tlog_tiles::stored_hash_index(0, size)` of the size before.
    pub fn append(&mut self, entry: &[u8]) -> Result<Vec<Hash>, LedgerError> {
        if entry.len() > MAX_ENTRY {
            return Err(LedgerError::EntryTooLarge { len: entry.len() });
        }
        let first = tlog_tiles::stored_hash_index(0, self.size);
        let added: Vec<Hash> = tlog_tiles::stored_hashes_for_record_hash(
            self.size,
            tlog_tiles::Hash(leaf_hash(entry)),
            &BorderReader(&self.border),
        )
        .map_err(internal)?
        .into_iter()
        .map(|hash| hash.0)
        .collect();
        for (offset, hash) in added.iter().enumerate() {
            self.border.insert(first + offset as u64, *hash);
        }
        self.size += 1;
        // Keep the root of the complete subtree of each set bit of the size:
        // at level L, node (size >> L) - 1.
        let size = self.size;
        self.border.retain(|index, _| {
            let (level, n) = tlog_tiles::split_stored_hash_index(*index);
            level < 64 && (size >> level) & 1 == 1 && n == (size >> level) - 1
        });
        Ok(added)
    }

    /// The root of the tree (the empty tree's is [`EMPTY_ROOT`]).
    pub fn root(&self) -> Result<Hash, LedgerError> {
        Ok(tlog_tiles::tree_hash(self.size, &BorderReader(&self.border)).map_err(internal)?.0)
    }
}

/// A reader that notes which stored hashes are asked for, and answers with
/// zeros: `tlog_tiles` reads a proof's hashes in one call whose indexes
/// depend only on the index and size, so this learns what to fetch.
struct Recorder(std::cell::RefCell<Vec<u64>>);

impl HashReader for Recorder {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<tlog_tiles::Hash>, tlog_tiles::Error> {
        self.0.borrow_mut().extend_from_slice(indexes);
        Ok(vec![tlog_tiles::Hash([0; 32]); indexes.len()])
    }
}

/// Answers a proof's one read with hashes fetched beforehand, in order.
struct Fetched<'a>(&'a [Hash]);

impl HashReader for Fetched<'_> {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<tlog_tiles::Hash>, tlog_tiles::Error> {
        if indexes.len() != self.0.len() {
            return Err(tlog_tiles::Error::IndexesNotInTree);
        }
        Ok(self.0.iter().map(|hash| tlog_tiles::Hash(*hash)).collect())
    }
}

/// The stored-hash indexes that the inclusion proof of entry `index` in the
/// tree of `size` entries is computed from. A store that keeps the stored
/// hashes (but not the tree in memory) fetches these, then calls
/// [`inclusion_proof_from`].
pub fn inclusion_proof_indexes(index: u64, size: u64) -> Result<Vec<u64>, LedgerError> {
    if index >= size {
        return Err(LedgerError::IndexOutOfRange { index, size });
    }
    let recorder = Recorder(std::cell::RefCell::new(Vec::new()));
    tlog_tiles::prove_record(size, index, &recorder).map_err(internal)?;
    Ok(recorder.0.into_inner())
}

/// The inclusion proof of entry `index` in the tree of `size` entries (as
/// [`Tree::inclusion_proof`]), from the stored hashes at
/// [`inclusion_proof_indexes`], in that order.
pub fn inclusion_proof_from(index: u64, size: u64, hashes: &[Hash]) -> Result<Vec<Hash>, LedgerError> {
    if index >= size {
        return Err(LedgerError::IndexOutOfRange { index, size });
    }
    let proof = tlog_tiles::prove_record(size, index, &Fetched(hashes)).map_err(internal)?;
    Ok(proof.into_iter().map(|hash| hash.0).collect())
}

/// The stored-hash indexes that the consistency proof from the tree of
/// `old` entries to the tree of `new` entries is computed from (empty when
/// `old` is 0 or equals `new`: no proof is needed).
pub fn consistency_proof_indexes(old: u64, new: u64) -> Result<Vec<u64>, LedgerError> {
    if old > new {
        return Err(LedgerError::SizeOutOfRange { size: old, limit: new });
    }
    if old == 0 || old == new {
        return Ok(Vec::new());
    }
    let recorder = Recorder(std::cell::RefCell::new(Vec::new()));
    tlog_tiles::prove_tree(new, old, &recorder).map_err(internal)?;
    Ok(recorder.0.into_inner())
}

/// The consistency proof from `old` to `new` entries (as
/// [`Tree::consistency_proof`]), from the stored hashes at
/// [`consistency_proof_indexes`], in that order. A witness is sent this
/// with each checkpoint, so the log proves it only appended.
pub fn consistency_proof_from(old: u64, new: u64, hashes: &[Hash]) -> Result<Vec<Hash>, LedgerError> {
    if old > new {
        return Err(LedgerError::SizeOutOfRange { size: old, limit: new });
    }
    if old == 0 || old == new {
        return Ok(Vec::new());
    }
    let proof = tlog_tiles::prove_tree(new, old, &Fetched(hashes)).map_err(internal)?;
    Ok(proof.into_iter().map(|hash| hash.0).collect())
}

/// The stored-hash indexes the root of the tree of `size` entries is
/// computed from.
pub fn root_indexes(size: u64) -> Result<Vec<u64>, LedgerError> {
    let recorder = Recorder(std::cell::RefCell::new(Vec::new()));
    tlog_tiles::tree_hash(size, &recorder).map_err(internal)?;
    Ok(recorder.0.into_inner())
}

/// The root of the tree of `size` entries, from the stored hashes at
/// [`root_indexes`], in that order: what a log that keeps only stored
/// hashes compares with a checkpoint shown to it by someone else.
pub fn root_from(size: u64, hashes: &[Hash]) -> Result<Hash, LedgerError> {
    Ok(tlog_tiles::tree_hash(size, &Fetched(hashes)).map_err(internal)?.0)
}

fn to_tlog(proof: &[Hash]) -> Vec<tlog_tiles::Hash> {
    proof.iter().map(|hash| tlog_tiles::Hash(*hash)).collect()
}

/// Verifies that `leaf` is entry `index` of the tree of `size` entries with
/// root `root`.
pub fn verify_inclusion(leaf: &Hash, index: u64, size: u64, proof: &[Hash], root: &Hash) -> Result<(), LedgerError> {
    if index >= size {
        return Err(LedgerError::IndexOutOfRange { index, size });
    }
    if proof.len() > MAX_INCLUSION_PROOF {
        return Err(LedgerError::InvalidProof);
    }
    tlog_tiles::check_record(&to_tlog(proof), size, tlog_tiles::Hash(*root), index, tlog_tiles::Hash(*leaf))
        .map_err(|_| LedgerError::InvalidProof)
}

/// Verifies that the tree of `new` entries with root `new_root` extends the
/// tree of `old` entries with root `old_root`.
///
/// From the empty tree, only the empty root and an empty proof are accepted.
pub fn verify_consistency(
    old: u64,
    old_root: &Hash,
    new: u64,
    new_root: &Hash,
    proof: &[Hash],
) -> Result<(), LedgerError> {
    if old > new {
        return Err(LedgerError::SizeOutOfRange { size: old, limit: new });
    }
    if proof.len() > MAX_CONSISTENCY_PROOF {
        return Err(LedgerError::InvalidProof);
    }
    if old == 0 {
        let new_ok = new > 0 || new_root == &EMPTY_ROOT;
        return if old_root == &EMPTY_ROOT && proof.is_empty() && new_ok {
            Ok(())
        } else {
            Err(LedgerError::InvalidProof)
        };
    }
    tlog_tiles::check_tree(&to_tlog(proof), new, tlog_tiles::Hash(*new_root), old, tlog_tiles::Hash(*old_root))
        .map_err(|_| LedgerError::InvalidProof)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(size: u64) -> Tree {
        let mut tree = Tree::new();
        for i in 0..size {
            tree.append(format!("entry {i}").as_bytes()).unwrap();
        }
        tree
    }

    /// The border alone appends and roots exactly as the whole tree does,
    /// and keeps one hash per set bit of the size.
    #[test]
    fn consistency_proofs_from_stored_hashes_match_the_tree() {
        let mut tree = Tree::new();
        for i in 0..300u32 {
            tree.append(&i.to_be_bytes()).unwrap();
        }
        for (old, new) in [(1, 2), (3, 7), (100, 300), (256, 257), (0, 5), (9, 9)] {
            let indexes = consistency_proof_indexes(old, new).unwrap();
            let hashes: Vec<Hash> =
                indexes.iter().map(|&i| tree.stored_hashes()[usize::try_from(i).unwrap()]).collect();
            let proof = consistency_proof_from(old, new, &hashes).unwrap();
            let expected = if old == 0 || old == new { Vec::new() } else { tree.consistency_proof(old, new).unwrap() };
            assert_eq!(proof, expected, "{old}..{new}");
            if old > 0 {
                verify_consistency(old, &tree.root_at(old).unwrap(), new, &tree.root_at(new).unwrap(), &proof).unwrap();
            }
        }
        assert!(consistency_proof_indexes(5, 4).is_err());
        for size in [0, 1, 2, 255, 256, 257, 300] {
            let hashes: Vec<Hash> = root_indexes(size)
                .unwrap()
                .iter()
                .map(|&i| tree.stored_hashes()[usize::try_from(i).unwrap()])
                .collect();
            assert_eq!(root_from(size, &hashes).unwrap(), tree.root_at(size).unwrap(), "{size}");
        }
    }

    #[test]
    fn the_frontier_agrees_with_the_tree() {
        let mut whole = Tree::new();
        let mut frontier = Frontier::new();
        assert_eq!(frontier.root().unwrap(), EMPTY_ROOT);
        for i in 0..1100u64 {
            let entry = format!("entry {i}");
            assert_eq!(frontier.append(entry.as_bytes()).unwrap(), whole.append(entry.as_bytes()).unwrap());
            assert_eq!(frontier.size(), whole.size());
            assert_eq!(frontier.root().unwrap(), whole.root().unwrap(), "size {}", i + 1);
            assert_eq!(frontier.stored_hash_count(), whole.stored_hashes().len() as u64);
            assert_eq!(frontier.border.len(), frontier.size().count_ones() as usize);
        }
        assert!(frontier.append(&vec![0; MAX_ENTRY + 1]).is_err());
    }

    #[test]
    fn empty_tree() {
        let tree = Tree::new();
        assert_eq!(tree.root().unwrap(), EMPTY_ROOT);
        assert_eq!(hex::encode(EMPTY_ROOT), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(tree.consistency_proof(0, 0).unwrap(), Vec::<Hash>::new());
        assert!(tree.inclusion_proof(0, 0).is_err());
    }

    #[test]
    fn appends_return_what_to_store() {
        let mut tree = Tree::new();
        let mut stored = Vec::new();
        for i in 0..100u64 {
            let added = tree.append(&i.to_be_bytes()).unwrap();
            assert_eq!(added.len() as u32, 1 + (i + 1).trailing_zeros());
            stored.extend(added);
        }
        assert_eq!(stored, tree.stored_hashes());
        let reloaded = Tree::from_stored_hashes(100, stored.clone()).unwrap();
        assert_eq!(reloaded, tree);
    }

    #[test]
    fn bad_stored_hashes_are_refused() {
        let tree = tree(10);
        let mut stored = tree.stored_hashes().to_vec();
        assert!(matches!(
            Tree::from_stored_hashes(11, stored.clone()),
            Err(LedgerError::StoredHashCount { size: 11, .. })
        ));
        assert!(matches!(Tree::from_stored_hashes(u64::MAX, stored.clone()), Err(LedgerError::StoredHashCount { .. })));
        // Corrupt an interior hash (index 2 is the node over entries 0 and 1).
        stored[2][0] ^= 1;
        assert_eq!(Tree::from_stored_hashes(10, stored), Err(LedgerError::StoredHashMismatch { index: 2 }));
    }

    #[test]
    fn out_of_range_requests_are_errors_not_panics() {
        let tree = tree(5);
        assert!(tree.root_at(6).is_err());
        assert!(tree.inclusion_proof(5, 5).is_err());
        assert!(tree.inclusion_proof(0, 6).is_err());
        assert!(tree.consistency_proof(3, 2).is_err());
        assert!(tree.consistency_proof(1, 6).is_err());
        assert!(tree.tile(0, 0, 6).is_err());
        assert!(tree.tile(0, 0, 0).is_err());
        assert!(tree.tile(8, 0, 1).is_err());
        assert!(tree.tile(1, 0, 1).is_err());
        assert!(tree.tile(0, u64::MAX, 1).is_err());
        assert!(verify_inclusion(&EMPTY_ROOT, 0, 0, &[], &EMPTY_ROOT).is_err());
        assert!(verify_inclusion(&EMPTY_ROOT, 0, u64::MAX, &[EMPTY_ROOT; 65], &EMPTY_ROOT).is_err());
        assert!(verify_consistency(2, &EMPTY_ROOT, 1, &EMPTY_ROOT, &[]).is_err());
        assert!(verify_consistency(1, &EMPTY_ROOT, u64::MAX, &EMPTY_ROOT, &[EMPTY_ROOT; 64]).is_err());
    }

    #[test]
    fn consistency_from_empty_tree() {
        let tree = tree(3);
        let root = tree.root().unwrap();
        assert_eq!(verify_consistency(0, &EMPTY_ROOT, 3, &root, &[]), Ok(()));
        assert_eq!(verify_consistency(0, &root, 3, &root, &[]), Err(LedgerError::InvalidProof));
        assert_eq!(verify_consistency(0, &EMPTY_ROOT, 0, &root, &[]), Err(LedgerError::InvalidProof));
        assert_eq!(verify_consistency(0, &EMPTY_ROOT, 3, &root, &[root]), Err(LedgerError::InvalidProof));
    }

    #[test]
    fn proofs_from_fetched_stored_hashes_equal_the_trees() {
        let tree = tree(300);
        for size in [1u64, 2, 7, 256, 257, 300] {
            for index in [0, size / 2, size - 1] {
                let indexes = inclusion_proof_indexes(index, size).unwrap();
                let fetched: Vec<Hash> = indexes.iter().map(|&i| tree.stored_hashes()[i as usize]).collect();
                let proof = inclusion_proof_from(index, size, &fetched).unwrap();
                assert_eq!(proof, tree.inclusion_proof(index, size).unwrap(), "{index} in {size}");
            }
        }
        assert!(inclusion_proof_indexes(5, 5).is_err());
        assert!(inclusion_proof_from(3, 10, &[]).is_err());
    }

    #[test]
    fn tiles_are_concatenated_node_hashes() {
        let tree = tree(600);
        let full = tree.tile(0, 0, 256).unwrap();
        assert_eq!(full.len(), 256 * 32);
        for i in 0..256u64 {
            let leaf = leaf_hash(format!("entry {i}").as_bytes());
            assert_eq!(&full[(i as usize) * 32..(i as usize + 1) * 32], &leaf);
        }
        let partial = tree.tile(0, 2, 88).unwrap();
        assert_eq!(&partial[..32], &leaf_hash(b"entry 512"));
        assert!(tree.tile(0, 2, 89).is_err());
        // Level 1 holds roots of 256-leaf subtrees: two complete so far.
        let level1 = tree.tile(1, 0, 2).unwrap();
        assert_eq!(&level1[..32], &tree.root_at(256).unwrap());
        assert!(tree.tile(1, 0, 3).is_err());
    }
}
