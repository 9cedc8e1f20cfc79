import Foundation
import FuzzSupport
import FuzzTokenizerSupport
import Models

// tokenizer.json with a Unigram model (SentencePiece / XLM-R). An input starting with "T" is text instead:
// the rest is tokenized by the fixture tokenizer chosen by the next byte (xlmr, pipeline, bytefallback,
// plain). An input starting with "C" is a raw precompiled_charsmap (which a tokenizer.json holds as base64,
// out of libFuzzer's reach): it is put into the xlmr seed's normalizer. Otherwise the input is the
// tokenizer.json. A tokenizer that loads is run on the sample texts and on the input's first bytes.
enum Fixture {
    static let tokenizers: [UnigramTokenizer] = ["xlmr", "pipeline", "bytefallback", "plain"].map {
        // As in UnigramTokenizerTests: the fixtures without a <pad> piece pad with <unk>.
        try! UnigramTokenizer(tokenizerJSON: Fuzz.fixture("Tests/ModelsTests/Fixtures/unigram/\($0)/tokenizer.json"),
                              padToken: $0 == "xlmr" ? nil : "<unk>")
    }
}

/// The xlmr seed (Precompiled charsmap first in its normalizer Sequence), parsed once.
enum CharsmapHost {
    nonisolated(unsafe) static let document = try! JSONSerialization.jsonObject(
        with: Data(contentsOf: Fuzz.fixture("fuzz/tokenizer-unigram/corpus/xlmr.json"))) as! [String: Any]

    /// The seed with `charsmap` as its precompiled_charsmap.
    static func tokenizerJSON(charsmap: Data) -> Data {
        var document = document
        var normalizer = document["normalizer"] as! [String: Any]
        var steps = normalizer["normalizers"] as! [[String: Any]]
        steps[0]["precompiled_charsmap"] = charsmap.base64EncodedString()
        normalizer["normalizers"] = steps
        document["normalizer"] = normalizer
        return try! JSONSerialization.data(withJSONObject: document)
    }
}

Fuzz.main { start, count in
    var input = Fuzz.data(start, count)
    if input.first == UInt8(ascii: "C") {
        input = CharsmapHost.tokenizerJSON(charsmap: input.dropFirst())
    }
    if input.first == UInt8(ascii: "T") {
        let rest = input.dropFirst()
        let tokenizer = Fixture.tokenizers[Int(rest.first ?? 0) % Fixture.tokenizers.count]
        TokenizerChecks.run(tokenizer, onBytes: rest.dropFirst())
        return 0
    }
    let url = Fuzz.write(input, to: "tokenizer.json")
    let tokenizer: UnigramTokenizer
    do { tokenizer = try UnigramTokenizer(tokenizerJSON: url) } catch { Fuzz.note("\(error)"); return 0 }
    Fuzz.note("loaded: \(tokenizer.vocabularySize) pieces, template \(tokenizer.template), \"Ａ　ﬁ½\" → \(tokenizer.tokenize("Ａ　ﬁ½"))")
    TokenizerChecks.runAll(tokenizer, input: input)
    return 0
}
