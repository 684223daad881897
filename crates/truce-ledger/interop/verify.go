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
	fmt.Println("OK")
}
