// Command verify checks a Truce log written by the interop_fixtures example
// with Go's golang.org/x/mod (sumdb/note, sumdb/tlog): code nobody in the
// Truce project wrote. Run (Debian: golang-go, golang-golang-x-mod-dev):
//
//	GOCODE=$(dpkg -L golang-golang-x-mod-dev | grep -m1 '/gocode$')
//	GO111MODULE=off GOPATH="$GOCODE" go run verify.go DIR
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

var dir string

func read(name string) []byte {
	b, err := os.ReadFile(filepath.Join(dir, name))
	check(err)
	return b
}

func check(err error) {
	if err != nil {
		fmt.Println("FAIL:", err)
		os.Exit(1)
	}
}

func fail(format string, args ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", args...)
	os.Exit(1)
}

type hashes []tlog.Hash

func (h hashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x >= int64(len(h)) {
			return nil, fmt.Errorf("index %d not stored", x)
		}
		out[i] = h[x]
	}
	return out, nil
}

// c2spPath turns Go's sumdb tile path (tile/8/L/... or tile/8/data/...) into C2SP's.
func c2spPath(t tlog.Tile) string {
	p := strings.TrimPrefix(t.Path(), "tile/8/")
	p = strings.Replace(p, "data/", "entries/", 1)
	return "tile/" + p
}

// widest keeps, for each tile position, only the widest tile: x/mod 0.7's
// NewTiles also lists every narrower partial tile, which a log need not keep.
func widest(tiles []tlog.Tile) []tlog.Tile {
	var out []tlog.Tile
	for i, t := range tiles {
		if i+1 < len(tiles) && tiles[i+1].L == t.L && tiles[i+1].N == t.N {
			continue
		}
		out = append(out, t)
	}
	return out
}

func openCheckpoint(v note.Verifier, name string) (int64, tlog.Hash, []byte) {
	raw := read(name)
	n, err := note.Open(raw, note.VerifierList(v))
	check(err)
	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	if len(lines) != 3 || lines[0] != v.Name() {
		fail("bad checkpoint text %q", n.Text)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	check(err)
	root, err := tlog.ParseHash(lines[2])
	check(err)
	return size, root, raw
}

func main() {
	dir = os.Args[1]
	v, err := note.NewVerifier(strings.TrimSpace(string(read("log.vkey"))))
	check(err)
	size, root, rawCheckpoint := openCheckpoint(v, "checkpoint")
	fmt.Printf("note.Open: checkpoint for %s verified, size %d\n", v.Name(), size)

	// Rebuild the tree from the entry bundles and compare the root.
	var stored hashes
	var entries [][]byte
	for _, t := range widest(tlog.NewTiles(8, 0, size)) {
		if t.L != 0 {
			continue
		}
		t.L = -1 // data tile
		bundle := read(c2spPath(t))
		for len(bundle) > 0 {
			if len(bundle) < 2 {
				fail("truncated bundle")
			}
			n := int(binary.BigEndian.Uint16(bundle))
			entries = append(entries, bundle[2:2+n])
			bundle = bundle[2+n:]
		}
	}
	if int64(len(entries)) != size {
		fail("bundles hold %d entries, checkpoint says %d", len(entries), size)
	}
	for i, e := range entries {
		hs, err := tlog.StoredHashes(int64(i), e, stored)
		check(err)
		stored = append(stored, hs...)
	}
	th, err := tlog.TreeHash(size, stored)
	check(err)
	if th != root {
		fail("tree hash %v != checkpoint root %v", th, root)
	}
	fmt.Printf("TreeHash over %d entries from tile/entries bundles equals the checkpoint root\n", size)

	// Every hash tile equals Go's own tile data.
	tiles := 0
	for _, t := range widest(tlog.NewTiles(8, 0, size)) {
		want, err := tlog.ReadTileData(t, stored)
		check(err)
		if !bytes.Equal(read(c2spPath(t)), want) {
			fail("tile %s differs", c2spPath(t))
		}
		tiles++
	}
	fmt.Printf("%d hash tiles at C2SP paths equal tlog.ReadTileData\n", tiles)

	// The tlog-proof.
	proofText := string(read("record.tlog-proof"))
	head, cp, ok := strings.Cut(proofText, "\n\n")
	if !ok || cp != string(rawCheckpoint) {
		fail("tlog-proof framing")
	}
	lines := strings.Split(head, "\n")
	if lines[0] != "c2sp.org/tlog-proof@v1" || !strings.HasPrefix(lines[1], "index ") {
		fail("tlog-proof header")
	}
	index, err := strconv.ParseInt(strings.TrimPrefix(lines[1], "index "), 10, 64)
	check(err)
	var proof tlog.RecordProof
	for _, l := range lines[2:] {
		h, err := tlog.ParseHash(l)
		check(err)
		proof = append(proof, h)
	}
	entry := read("record.entry")
	check(tlog.CheckRecord(proof, size, root, index, tlog.RecordHash(entry)))
	fmt.Printf("CheckRecord: entry %d included (%d proof hashes)\n", index, len(proof))
	if tlog.CheckRecord(proof, size, root, index, tlog.RecordHash(append([]byte("x"), entry...))) == nil {
		fail("tampered entry accepted")
	}
	fmt.Println("tampered entry rejected")

	// The author's signature: the signed bytes are the entry without its "sig" member.
	pub, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(read("author.pub"))))
	check(err)
	s := string(entry)
	i := strings.Index(s, `"sig":"`)
	j := strings.Index(s[i+7:], `"`)
	sig, err := base64.StdEncoding.DecodeString(s[i+7 : i+7+j])
	check(err)
	unsigned := s[:i] + s[i+7+j+2:]
	if !ed25519.Verify(ed25519.PublicKey(pub), []byte(unsigned), sig) {
		fail("author signature does not verify over %s", unsigned)
	}
	fmt.Println("ed25519.Verify: author signature over the canonical record verifies")

	// Consistency.
	oldSize, oldRoot, _ := openCheckpoint(v, "old.checkpoint")
	var tp tlog.TreeProof
	for _, l := range strings.Split(strings.TrimSpace(string(read("consistency.proof"))), "\n") {
		h, err := tlog.ParseHash(l)
		check(err)
		tp = append(tp, h)
	}
	check(tlog.CheckTree(tp, size, root, oldSize, oldRoot))
	fmt.Printf("CheckTree: %d -> %d consistent (%d hashes)\n", oldSize, size, len(tp))

	// A tampered checkpoint is rejected.
	bad := bytes.Replace(rawCheckpoint, []byte(fmt.Sprintf("\n%d\n", size)), []byte(fmt.Sprintf("\n%d\n", size+1)), 1)
	if _, err := note.Open(bad, note.VerifierList(v)); err == nil {
		fail("tampered checkpoint accepted")
	} else {
		fmt.Println("tampered checkpoint rejected:", err)
	}
	// Witness cosignatures (C2SP tlog-cosignature, type 0x04): note.Open
	// with a cosignature/v1 verifier per witness key.
	var verifiers []note.Verifier
	verifiers = append(verifiers, v)
	for _, line := range strings.Split(strings.TrimSpace(string(read("witness.vkeys"))), "\n") {
		verifiers = append(verifiers, newCosignatureVerifier(line))
	}
	cosigned := read("cosigned.checkpoint")
	n, err := note.Open(cosigned, note.VerifierList(verifiers...))
	check(err)
	if len(n.Sigs) != 3 {
		fail("cosigned checkpoint: %d verified signatures, want the log's and two witnesses'", len(n.Sigs))
	}
	fmt.Printf("note.Open: cosigned checkpoint verified with %d signatures (the log's and %d witnesses')\n", len(n.Sigs), len(n.Sigs)-1)
	forged := bytes.Replace(cosigned, []byte("witness.afg.example "), []byte("witness.afg.example X"), 1)
	if _, err := note.Open(forged, note.VerifierList(verifiers...)); err == nil {
		fail("a forged cosignature was accepted")
	}
	fmt.Println("a forged cosignature is rejected")
	fmt.Println("OK")
}

// cosignatureVerifier checks cosignature/v1 lines: the signature is over
// "cosignature/v1\ntime <ts>\n" and the note text, and carries the 8-byte
// big-endian timestamp before the Ed25519 signature.
type cosignatureVerifier struct {
	name string
	hash uint32
	key  ed25519.PublicKey
}

func newCosignatureVerifier(vkey string) note.Verifier {
	parts := strings.SplitN(vkey, "+", 3)
	if len(parts) != 3 {
		fail("witness vkey %q: want name+id+key", vkey)
	}
	id, err := strconv.ParseUint(parts[1], 16, 32)
	check(err)
	key, err := base64.StdEncoding.DecodeString(parts[2])
	check(err)
	if len(key) != 33 || key[0] != 0x04 {
		fail("witness vkey %q: not a type 0x04 Ed25519 key", vkey)
	}
	// The key ID is SHA-256(name || "\n" || 0x04 || key)[:4], computed by Go.
	h := sha256.Sum256(append([]byte(parts[0]+"\n"), key...))
	if binary.BigEndian.Uint32(h[:4]) != uint32(id) {
		fail("witness vkey %q: key ID does not match", vkey)
	}
	return &cosignatureVerifier{name: parts[0], hash: uint32(id), key: ed25519.PublicKey(key[1:])}
}

func (c *cosignatureVerifier) Name() string    { return c.name }
func (c *cosignatureVerifier) KeyHash() uint32 { return c.hash }
func (c *cosignatureVerifier) Verify(msg, sig []byte) bool {
	if len(sig) != 8+ed25519.SignatureSize {
		return false
	}
	ts := binary.BigEndian.Uint64(sig[:8])
	if ts == 0 {
		return false
	}
	signed := append([]byte(fmt.Sprintf("cosignature/v1\ntime %d\n", ts)), msg...)
	return ed25519.Verify(c.key, signed, sig[8:])
}
