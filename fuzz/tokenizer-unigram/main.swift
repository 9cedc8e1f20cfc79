import Foundation
import FuzzSupport
import FuzzTokenizerSupport
import Models

// tokenizer.json with a Unigram model (SentencePiece / XLM-R). An input starting with "T" is text instead:
// the rest is tokenized by the fixture tokenizer chosen by the next byte (xlmr, pipeline, bytefallback,
// plain). Otherwise the input is the tokenizer.json; if it loads, the tokenizer is run on the sample texts
// and on the input's first bytes.
enum Fixture {
    static let tokenizers: [UnigramTokenizer] = ["xlmr", "pipeline", "bytefallback", "plain"].map {
        // As in UnigramTokenizerTests: the fixtures without a <pad> piece pad with <unk>.
        try! UnigramTokenizer(tokenizerJSON: Fuzz.fixture("Tests/ModelsTests/Fixtures/unigram/\($0)/tokenizer.json"),
                              padToken: $0 == "xlmr" ? nil : "<unk>")
    }
}

Fuzz.main { start, count in
    let input = Fuzz.data(start, count)
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
