import Foundation
import FuzzSupport
import Models

// The model folder's JSON files: the input is one JSON document, read as every file it could be —
// config.json, 1_Pooling/config.json, sentence_bert_config.json, config_sentence_transformers.json,
// tokenizer_config.json and modules.json — alone and inside a folder whose other files are valid, so the
// folder's cross-checks (pooling width, max_seq_length, module paths) run on it too.
enum Valid {
    static let config = try! Data(contentsOf: Fuzz.fixture("Tests/ModelsTests/Fixtures/checkpoint/tiny-st/config.json"))
    static let pooling = try! Data(contentsOf: Fuzz.fixture("Tests/ModelsTests/Fixtures/checkpoint/tiny-st/1_Pooling/config.json"))
    static let modules = try! Data(contentsOf: Fuzz.fixture("Tests/ModelsTests/Fixtures/checkpoint/tiny-st/modules.json"))
}

/// A model folder with `files` (relative path → contents) and an empty model.safetensors (never opened).
func folder(_ name: String, _ files: [String: Data]) -> URL {
    let url = Fuzz.folder(name)
    for (path, bytes) in files {
        let file = url.appendingPathComponent(path)
        try! FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try! bytes.write(to: file)
    }
    Fuzz.write(Data(), to: "model.safetensors", in: url)
    return url
}

func load(_ url: URL) {
    do {
        let folder = try SentenceTransformerFolder(url: url)
        precondition(folder.pooling.wordEmbeddingDimension == folder.config.hiddenSize, "pooling width disagrees with hidden_size")
        precondition(folder.maxSeqLength > 0 && folder.maxSeqLength <= folder.config.maxSequenceLength, "max_seq_length \(folder.maxSeqLength)")
        _ = (folder.config.headSize, folder.config.positionIdOffset, folder.prompts, folder.defaultPromptName, folder.normalize)
    } catch {
        Fuzz.note("folder \(url.lastPathComponent): \(error)")
    }
}

Fuzz.main { start, count in
    let input = Fuzz.data(start, count)
    let file = Fuzz.write(input, to: "config.json")
    do {
        let config = try BertConfig(contentsOf: file)
        precondition(config.hiddenSize % config.numAttentionHeads == 0 && config.maxSequenceLength > 0, "validate let \(config) through")
    } catch { Fuzz.note("config.json: \(error)") }
    do { _ = try PoolingConfig(contentsOf: file) } catch { Fuzz.note("pooling: \(error)") }
    do { _ = try SentenceBertConfig(contentsOf: file) } catch { Fuzz.note("sentence_bert_config: \(error)") }
    do { _ = try SentenceTransformersConfig(contentsOf: file) } catch { Fuzz.note("config_sentence_transformers: \(error)") }

    // The input as modules.json, with the fixture's transformer and pooling files where it may point.
    load(folder("modules", ["modules.json": input, "config.json": Valid.config, "1_Pooling/config.json": Valid.pooling]))
    // The input as the transformer's config.json and tokenizer_config.json (no modules.json: mean pooling).
    load(folder("bare", ["config.json": input, "tokenizer_config.json": input]))
    // The input as every optional file of a complete folder.
    load(folder("complete", [
        "modules.json": Valid.modules, "config.json": Valid.config, "1_Pooling/config.json": input,
        "sentence_bert_config.json": input, "config_sentence_transformers.json": input, "tokenizer_config.json": input,
    ]))
    return 0
}
