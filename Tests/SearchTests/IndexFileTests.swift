import Crypto
import Tensors
import Foundation
@testable import Search
import Testing
import TestSupport

/// Index files: deterministic bytes, what they hold, and the damaged ones refused with the reason.
@Suite struct IndexFileTests {
    let f = SearchFixture.shared

    @Test func buildingTwiceWritesTheSameBytesAndTheIndexHoldsTheCorpus() throws {
        let folder = try TemporaryFolder()
        let a = try f.index(in: folder, name: "a.wbindex"), b = try f.index(in: folder, name: "b.wbindex")
        #expect(try Data(contentsOf: a.url) == Data(contentsOf: b.url))
        #expect(a.count == f.count && a.dimension == f.dim)
        #expect(a.id(0) == "d0" && a.id(f.count - 1) == "d\(f.count - 1)")
        #expect(a.manifest.model == f.model)
        #expect(a.manifest.corpus.sha256 == f.corpusRows.sha256)
        #expect(a.textHash(2) == Array(SHA256Digest("passage 2")))
        // the stored full vectors are the unit rows
        for j in 0..<f.dim { #expect(abs(a.vectors[5 * f.dim + j] - f.corpus[5 * f.dim + j]) < 1e-6) }
        // 2 widths × 4 precisions; 48-d float32 is the full vectors themselves
        #expect(a.manifest.shortlists.count == 8)
        #expect(a.shortlist(dim: 48, precision: .float32)?.section == "vectors.float32")
        #expect(a.bytes(of: a.shortlist(dim: 16, precision: .binary)!) == 8 * f.count)
        #expect(a.bytes(of: a.shortlist(dim: 16, precision: .int8)!) == 16 * f.count)
        #expect(a.bytes(of: a.shortlist(dim: 16, precision: .int4)!) == 8 * f.count)
        // no partial file is left beside it
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted() == ["a.wbindex", "b.wbindex"])
    }

    @Test func aTruncatedIndexIsRefusedNamingTheSizes() throws {
        let folder = try TemporaryFolder()
        let url = try f.index(in: folder).url
        let bytes = try Data(contentsOf: url)
        let cut = try folder.write("cut.wbindex", bytes.prefix(bytes.count - 1000))
        #expect(throws: SearchError.truncated(path: cut.path, size: bytes.count - 1000, expected: bytes.count)) { try VectorIndex(url: cut) }
        let tiny = try folder.write("tiny.wbindex", bytes.prefix(10))
        #expect { try VectorIndex(url: tiny) } throws: { "\($0)".contains("not a workbench index") }
    }

    @Test func aFlippedByteFailsTheChecksum() throws {
        let folder = try TemporaryFolder()
        let url = try f.index(in: folder).url
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count / 2] ^= 0x01
        let bad = try folder.write("bad.wbindex", bytes)
        #expect {
            try VectorIndex(url: bad)
        } throws: { error in
            guard case SearchError.checksumMismatch(let path, let stored, let computed) = error else { return false }
            return path == bad.path && stored != computed && "\(error)".contains("corrupt")
        }
        // without verification it opens (the layout is intact): the check is what caught it
        #expect(throws: Never.self) { try VectorIndex(url: bad, verify: false) }
    }

    @Test func anotherFileIsNotAnIndex() throws {
        let folder = try TemporaryFolder()
        let other = try folder.write("notes.wbindex", text: String(repeating: "not an index\n", count: 10))
        #expect { try VectorIndex(url: other) } throws: { "\($0)".contains("not a workbench index (it does not start with WBINDEX)") }
    }
}

/// SHA-256 of a string's UTF-8 bytes, as the index stores texts' hashes.
func SHA256Digest(_ text: String) -> [UInt8] { Array(SHA256.hash(data: Data(text.utf8))) }

/// Index files written by another program from `IndexFile`'s layout description (`fuzz/make-corpora.py`, the fuzz
/// seeds) open with their checksum and are searched; damaged numbers in a manifest are refused, not trusted.
@Suite struct IndexLayoutTests {
    static func seed(_ name: String) -> URL { Repository.root.appendingPathComponent("fuzz/wbindex/corpus/\(name)") }

    @Test func aFileWrittenByPythonFromTheLayoutOpensAndIsSearched() throws {
        let index = try VectorIndex(url: Self.seed("all-precisions.wbindex"))
        #expect(index.count == 5 && index.dimension == 8 && index.id(4) == "p4")
        #expect(index.manifest.shortlists.map(\.precision) == [.float32, .int8, .int4, .binary, .int4])
        let queries = Tensor(shape: [2, 8], scalars: (0..<16).map { Float($0 % 5) - 2 })
        let exact = try index.search(queries, plan: SearchPlan(k: 5))
        for s in index.manifest.shortlists {
            let all = try index.search(queries, plan: SearchPlan(k: 5, shortlist: .init(dim: s.dim, precision: s.precision, k: 5)))
            #expect(all.map { $0.map(\.position) } == exact.map { $0.map(\.position) })     // a shortlist of everything is exact
        }
        #expect(try VectorIndex(url: Self.seed("wide-binary.wbindex")).shortlist(dim: 130, precision: .binary) != nil)
    }

    @Test func impossibleNumbersInAManifestAreRefused() throws {
        let folder = try TemporaryFolder()
        var bytes = try Data(contentsOf: Self.seed("flat-only.wbindex"))
        let length = Int(bytes[8]) | Int(bytes[9]) << 8
        var manifest = String(decoding: bytes[16..<(16 + length)], as: UTF8.self)
        // no passages, in as many characters, so the layout stays put
        manifest = manifest.replacingOccurrences(of: "\"count\":3", with: "\"count\":0")
        bytes.replaceSubrange(16..<(16 + length), with: Data(manifest.utf8))
        let bad = try folder.write("bad.wbindex", bytes)
        #expect { try VectorIndex(url: bad, verify: false) } throws: { "\($0)".contains("not a workbench index (0 passages of width 4)") }
        var huge = try Data(contentsOf: Self.seed("flat-only.wbindex"))
        for i in 8..<16 { huge[i] = 0xff }
        let long = try folder.write("long.wbindex", huge)
        #expect { try VectorIndex(url: long, verify: false) } throws: { "\($0)".contains("manifest length 18446744073709551615 is impossible") }
    }
}
