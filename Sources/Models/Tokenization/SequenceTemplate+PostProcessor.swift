import Foundation

extension SequenceTemplate {
    /// The single-sequence template of a `tokenizer.json` post-processor (no special tokens without one).
    ///
    /// `TemplateProcessing` gives its `single` template; `BertProcessing` gives `cls … sep` and
    /// `RobertaProcessing` `cls … sep` too (XLM-R's `<s> … </s>`), all type ids 0.
    ///
    /// - Throws: `TokenizerError.unsupportedPostProcessor` for another type, `.malformedJSON` when the
    ///   template names a special token it does not define.
    init(postProcessor processor: PostProcessorJSON?, file url: URL) throws(TokenizerError) {
        guard let processor else {
            self.init(prefix: [], suffix: [])
            return
        }
        switch processor.type {
        case "BertProcessing", "RobertaProcessing":
            guard let cls = processor.cls, let sep = processor.sep else {
                throw .malformedJSON(url, detail: "post_processor \(processor.type) needs cls and sep")
            }
            self = .bert(cls: cls, sep: sep)
        case "TemplateProcessing":
            var prefix: [Int32] = [], prefixTypes: [Int32] = [], suffix: [Int32] = [], suffixTypes: [Int32] = []
            var sequenceType: Int32 = 0, seenSequence = false
            for piece in processor.single {
                switch piece {
                case .sequence(_, let typeId):
                    sequenceType = typeId
                    seenSequence = true
                case .special(let name, let typeId):
                    guard let ids = processor.specialTokens[name]?.ids else {
                        throw .malformedJSON(url, detail: "post_processor template uses \"\(name)\", absent from its special_tokens")
                    }
                    if seenSequence {
                        suffix += ids
                        suffixTypes += [Int32](repeating: typeId, count: ids.count)
                    } else {
                        prefix += ids
                        prefixTypes += [Int32](repeating: typeId, count: ids.count)
                    }
                }
            }
            self.init(prefix: prefix, suffix: suffix, prefixTypeIds: prefixTypes, sequenceTypeId: sequenceType,
                      suffixTypeIds: suffixTypes)
        default:
            throw .unsupportedPostProcessor(url, type: processor.type)
        }
    }
}
