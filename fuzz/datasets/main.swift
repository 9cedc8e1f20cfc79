import Datasets
import Foundation
import FuzzSupport

// The data set readers. The first byte chooses the reader (mod 4: JSONL, CSV, TSV, or a BEIR retrieval
// set whose queries, corpus and qrels are the rest split at NUL bytes) and the columns asked for (/ 4);
// the rest is the file. A data set that loads is read back row by row.
let shapes: [(columns: [String], label: String?, range: ClosedRange<Double>?)] = [
    (["sentence1", "sentence2"], "score", 0 ... 1), (["anchor", "positive", "negative"], nil, nil),
    (["anchor", "positive"], nil, nil), (["text"], "label", nil),
]

func readBack(_ data: PairDataset) {
    precondition(data.count > 0, "a loaded data set has no rows")
    precondition(data.texts.count == data.columns.count && data.texts.allSatisfy { $0.count == data.count }, "ragged columns")
    precondition(data.labels.map { $0.count == data.count } ?? true, "labels and rows disagree")
    for row in [0, data.count - 1] {
        precondition(data[row].count == data.columns.count, "row \(row) has the wrong width")
        _ = data.label(row)
    }
    for column in data.columns { precondition(data.column(column)?.count == data.count, "column \(column)") }
}

Fuzz.main { start, count in
    let input = Fuzz.data(start, count)
    guard let selector = input.first else { return 0 }
    let body = Data(input.dropFirst())
    let shape = shapes[Int(selector / 4) % shapes.count]
    do {
        switch selector % 4 {
        case 3:
            var parts = body.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false).map { Data($0) }
            while parts.count < 3 { parts.append(Data()) }
            let folder = Fuzz.folder("beir")
            let queries = Fuzz.write(parts[0], to: "queries.jsonl", in: folder)
            let corpus = Fuzz.write(parts[1], to: "corpus.jsonl", in: folder)
            let qrels = Fuzz.write(parts[2], to: "test.tsv", in: folder)
            let data = try RetrievalDataset.load(queries: queries, corpus: corpus, qrels: qrels)
            precondition(data.queryIDs.count == data.queries.count && data.corpusIDs.count == data.corpus.count, "ids and texts disagree")
            _ = (data.queryTexts, data.corpusTexts)
            for (query, docs) in data.relevantDocs {
                precondition(data.queries[query] != nil && docs.allSatisfy { data.corpus[$0] != nil }, "qrels name unknown ids")
            }
        default:
            let format = [DatasetFormat.jsonl, .csv, .tsv][Int(selector % 4)]
            let url = Fuzz.write(body, to: "data.\(format.rawValue)")
            let data = try PairDataset.load(url, columns: shape.columns, label: shape.label, labelRange: shape.range, format: format)
            readBack(data)
            if let range = shape.range, let labels = data.labels {
                precondition(labels.allSatisfy { range.contains($0) && $0.isFinite }, "a label outside \(range) was accepted")
            }
        }
    } catch {
        Fuzz.note("\(error)")
    }
    return 0
}
