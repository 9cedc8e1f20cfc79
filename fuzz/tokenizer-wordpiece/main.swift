import Foundation
import FuzzSupport
import FuzzTokenizerSupport
import Models

// tokenizer.json with a WordPiece model. An input starting with "T" is text instead: the rest is
// tokenized by the all-MiniLM-L6-v2 fixture tokenizer. Otherwise the input is the tokenizer.json; if
// it loads, the tokenizer is run on the sample texts and on the input's first bytes.
enum Fixture {
    static let tokenizer = try! BertTokenizer(folder: Fuzz.fixture("Tests/ModelsTests/Fixtures/tokenizers/all-MiniLM-L6-v2"))
}

Fuzz.main { start, count in
    let input = Fuzz.data(start, count)
    if input.first == UInt8(ascii: "T") {
        TokenizerChecks.run(Fixture.tokenizer, onBytes: input.dropFirst())
        return 0
    }
    let url = Fuzz.write(input, to: "tokenizer.json")
    let tokenizer: BertTokenizer
    do { tokenizer = try BertTokenizer(tokenizerJSON: url) } catch { Fuzz.note("\(error)"); return 0 }
    Fuzz.note("loaded: \(tokenizer.vocabularySize) pieces, template \(tokenizer.template), \"Ａ　ﬁ½\" → \(tokenizer.tokenize("Ａ　ﬁ½"))")
    TokenizerChecks.runAll(tokenizer, input: input)
    return 0
}
