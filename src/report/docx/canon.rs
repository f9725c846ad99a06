//! The canonicalising pass over every WordprocessingML part mtcl writes: each property
//! container's children are put in the order of its ECMA-376 sequence, and attributes the
//! schema does not declare are dropped.
//!
//! Why: docx-rs 0.4.22 writes `rPr`, `pPr`, `tblPr`, `sectPr`, `style`… children in the
//! order its builders were called (`<w:sz/><w:b/><w:rFonts/>`). LibreOffice forgives that;
//! Word reads these lists as schema sequences and silently drops what comes out of order (a
//! bold title loses its Times New Roman). Fixing it at the call sites would be a fix per
//! builder per docx-rs version; one pass over the rendered XML fixes every part at once.
//!
//! The pass is a small XML tree rewrite: text, attribute values and elements it does not know
//! are kept byte for byte; only the order of children inside the containers of [`sequence`]
//! changes (a stable sort, so repeated and unknown children keep their relative order, the
//! unknown ones after the known), and the attributes of [`undeclared`] go.

/// The schema order of the children of `container` (a qualified name as docx-rs writes
/// it), or `None` when the element is not a property container this pass orders.
pub fn sequence(container: &str) -> Option<&'static [&'static str]> {
    Some(match container {
        // CT_RPr (EG_RPrBase), with CT_ParaRPr's revision marks first (§17.3.2.28).
        "w:rPr" => &[
            "w:ins",
            "w:del",
            "w:moveFrom",
            "w:moveTo",
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
            "w:rPrChange",
        ],
        // CT_PPr (CT_PPrBase, then rPr, sectPr, pPrChange; §17.3.1.26).
        "w:pPr" => &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        ],
        // CT_TblPr (§17.4.60).
        "w:tblPr" => &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
            "w:tblCaption",
            "w:tblDescription",
            "w:tblPrChange",
        ],
        // CT_TrPr: a choice in the schema; written in its declaration order (§17.4.82).
        "w:trPr" => &[
            "w:cnfStyle",
            "w:divId",
            "w:gridBefore",
            "w:gridAfter",
            "w:wBefore",
            "w:wAfter",
            "w:cantSplit",
            "w:trHeight",
            "w:tblHeader",
            "w:tblCellSpacing",
            "w:jc",
            "w:hidden",
            "w:ins",
            "w:del",
            "w:trPrChange",
        ],
        // CT_TcPr (§17.4.70).
        "w:tcPr" => &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
            "w:headers",
            "w:cellIns",
            "w:cellDel",
            "w:cellMerge",
            "w:tcPrChange",
        ],
        // CT_SectPr: header/footer references first, then EG_SectPrContents (§17.6.17).
        "w:sectPr" => &[
            "w:headerReference",
            "w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
            "w:sectPrChange",
        ],
        // CT_Style (§17.7.4.17).
        "w:style" => &[
            "w:name",
            "w:aliases",
            "w:basedOn",
            "w:next",
            "w:link",
            "w:autoRedefine",
            "w:hidden",
            "w:uiPriority",
            "w:semiHidden",
            "w:unhideWhenUsed",
            "w:qFormat",
            "w:locked",
            "w:personal",
            "w:personalCompose",
            "w:personalReply",
            "w:rsid",
            "w:pPr",
            "w:rPr",
            "w:tblPr",
            "w:trPr",
            "w:tcPr",
            "w:tblStylePr",
        ],
        // CT_Styles and CT_DocDefaults (§17.7.4.18, §17.7.5.1).
        "w:styles" => &["w:docDefaults", "w:latentStyles", "w:style"],
        "w:docDefaults" => &["w:rPrDefault", "w:pPrDefault"],
        // Borders and margins (§17.3.1.24, §17.4.38, §17.4.66, §17.4.42, §17.4.68).
        "w:pBdr" => &[
            "w:top",
            "w:left",
            "w:bottom",
            "w:right",
            "w:between",
            "w:bar",
        ],
        "w:tblBorders" => &[
            "w:top",
            "w:left",
            "w:start",
            "w:bottom",
            "w:right",
            "w:end",
            "w:insideH",
            "w:insideV",
        ],
        "w:tcBorders" => &[
            "w:top",
            "w:left",
            "w:start",
            "w:bottom",
            "w:right",
            "w:end",
            "w:insideH",
            "w:insideV",
            "w:tl2br",
            "w:tr2bl",
        ],
        "w:tblCellMar" | "w:tcMar" => {
            &["w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end"]
        }
        // Numbering (§17.9.1, §17.9.6).
        "w:abstractNum" => &[
            "w:nsid",
            "w:multiLevelType",
            "w:tmpl",
            "w:name",
            "w:styleLink",
            "w:numStyleLink",
            "w:lvl",
        ],
        "w:lvl" => &[
            "w:start",
            "w:numFmt",
            "w:lvlRestart",
            "w:pStyle",
            "w:isLgl",
            "w:suff",
            "w:lvlText",
            "w:lvlPicBulletId",
            "w:legacy",
            "w:lvlJc",
            "w:pPr",
            "w:rPr",
        ],
        "w:numbering" => &[
            "w:numPicBullet",
            "w:abstractNum",
            "w:num",
            "w:numIdMacAtCleanup",
        ],
        // CT_Settings (§17.15.1.78), the elements docx-rs or Word may write.
        "w:settings" => &[
            "w:writeProtection",
            "w:view",
            "w:zoom",
            "w:removePersonalInformation",
            "w:removeDateAndTime",
            "w:mirrorMargins",
            "w:hideSpellingErrors",
            "w:hideGrammaticalErrors",
            "w:proofState",
            "w:documentProtection",
            "w:defaultTabStop",
            "w:autoHyphenation",
            "w:evenAndOddHeaders",
            "w:characterSpacingControl",
            "w:updateFields",
            "w:footnotePr",
            "w:endnotePr",
            "w:compat",
            "w:docVars",
            "w:rsids",
            "m:mathPr",
            "w:themeFontLang",
            "w:clrSchemeMapping",
            "w:decimalSymbol",
            "w:listSeparator",
        ],
        _ => return None,
    })
}

/// Attributes the schema does not declare on an element, as `(element, attribute)`:
/// docx-rs writes a `w:type` on every `w:gridCol` (CT_TblGridCol has `w:w` only).
pub fn undeclared(element: &str, attribute: &str) -> bool {
    matches!((element, attribute), ("w:gridCol", "w:type"))
}

/// One node of the tree: an element, or anything else kept as its raw text (character data,
/// the XML declaration, comments).
#[derive(Debug)]
enum Node<'a> {
    Element(Element<'a>),
    Raw(&'a str),
}

#[derive(Debug)]
struct Element<'a> {
    name: &'a str,
    /// `(name, raw value)`; values keep their escapes.
    attrs: Vec<(&'a str, &'a str)>,
    children: Vec<Node<'a>>,
    empty: bool,
}

/// Canonicalises one XML part (see the module's doc). Input that is not the well-formed XML
/// docx-rs writes is returned unchanged: the pass must never make a part worse.
pub fn canonicalise(xml: &str) -> String {
    let Some(nodes) = parse(xml) else {
        return xml.to_string();
    };
    let mut out = String::with_capacity(xml.len());
    for node in nodes {
        write(node, &mut out);
    }
    out
}

/// Canonicalises a part given as bytes (as docx-rs renders them).
pub fn canonicalise_bytes(part: &mut Vec<u8>) {
    if part.is_empty() {
        return;
    }
    if let Ok(xml) = std::str::from_utf8(part) {
        let out = canonicalise(xml);
        *part = out.into_bytes();
    }
}

fn parse(xml: &str) -> Option<Vec<Node<'_>>> {
    // The stack of open elements; the bottom is the document's top level.
    let mut stack: Vec<Element> = vec![Element {
        name: "",
        attrs: Vec::new(),
        children: Vec::new(),
        empty: false,
    }];
    let mut rest = xml;
    while !rest.is_empty() {
        if let Some(tag) = rest.strip_prefix('<') {
            if tag.starts_with('?') || tag.starts_with('!') {
                let end = if tag.starts_with("!--") {
                    rest.find("-->")? + 3
                } else {
                    rest.find('>')? + 1
                };
                stack.last_mut()?.children.push(Node::Raw(&rest[..end]));
                rest = &rest[end..];
            } else if let Some(close) = tag.strip_prefix('/') {
                let end = close.find('>')?;
                let name = close[..end].trim();
                let done = stack.pop()?;
                if done.name != name || stack.is_empty() {
                    return None;
                }
                stack.last_mut()?.children.push(Node::Element(done));
                rest = &close[end + 1..];
            } else {
                let end = tag_end(tag)?;
                let inner = &tag[..end];
                let (inner, empty) = match inner.strip_suffix('/') {
                    Some(i) => (i, true),
                    None => (inner, false),
                };
                let element = start_tag(inner)?;
                rest = &tag[end + 1..];
                let element = Element { empty, ..element };
                if empty {
                    stack.last_mut()?.children.push(Node::Element(element));
                } else {
                    stack.push(element);
                }
            }
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            stack.last_mut()?.children.push(Node::Raw(&rest[..end]));
            rest = &rest[end..];
        }
    }
    if stack.len() != 1 {
        return None;
    }
    stack.pop().map(|top| top.children)
}

/// The index of the `>` closing a start tag, skipping quoted attribute values.
fn tag_end(tag: &str) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, b) in tag.bytes().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn start_tag(inner: &str) -> Option<Element<'_>> {
    let inner = inner.trim_end();
    let name_end = inner
        .find(|c: char| c.is_ascii_whitespace())
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    if name.is_empty() {
        return None;
    }
    let mut attrs = Vec::new();
    let mut rest = inner[name_end..].trim_start();
    while !rest.is_empty() {
        let eq = rest.find('=')?;
        let key = rest[..eq].trim();
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let close = after[1..].find(quote)? + 1;
        attrs.push((key, &after[1..close]));
        rest = after[close + 1..].trim_start();
    }
    Some(Element {
        name,
        attrs,
        children: Vec::new(),
        empty: false,
    })
}

/// An empty `<w:rPr />`: docx-rs writes one in every `pPr`, including those of styles and
/// numbering levels (CT_PPrGeneral), where the schema allows no `rPr` at all. Empty, it
/// says nothing anywhere, so it goes from every `pPr`.
fn is_empty_run_properties(node: &Node) -> bool {
    matches!(node, Node::Element(e) if e.name == "w:rPr" && e.attrs.is_empty() && e.children.is_empty())
}

fn write(node: Node, out: &mut String) {
    match node {
        Node::Raw(text) => out.push_str(text),
        Node::Element(mut e) => {
            if e.name == "w:pPr" {
                e.children.retain(|c| !is_empty_run_properties(c));
            }
            if let Some(order) = sequence(e.name) {
                let rank = |n: &Node| match n {
                    Node::Element(c) => order
                        .iter()
                        .position(|&k| k == c.name)
                        .unwrap_or(order.len()),
                    Node::Raw(_) => order.len(),
                };
                e.children.sort_by_key(|n| rank(n));
            }
            out.push('<');
            out.push_str(e.name);
            for (k, v) in &e.attrs {
                if undeclared(e.name, k) {
                    continue;
                }
                out.push(' ');
                out.push_str(k);
                out.push_str("=\"");
                out.push_str(v);
                out.push('"');
            }
            if e.empty {
                out.push_str(" />");
                return;
            }
            out.push('>');
            for child in e.children {
                write(child, out);
            }
            out.push_str("</");
            out.push_str(e.name);
            out.push('>');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The element names of the children of the first `container` in `xml`, in order.
    fn children_of(xml: &str, container: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(xml).unwrap();
        let local = container.trim_start_matches("w:");
        let node = doc
            .descendants()
            .find(|n| n.tag_name().name() == local)
            .unwrap();
        node.children()
            .filter(|n| n.is_element())
            .map(|n| format!("w:{}", n.tag_name().name()))
            .collect()
    }

    const NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

    fn wrap(inner: &str) -> String {
        format!("<w:document {NS}>{inner}</w:document>")
    }

    #[test]
    fn run_properties_follow_the_rpr_sequence() {
        let xml = wrap(
            "<w:rPr><w:lang w:val=\"vi-VN\" /><w:sz w:val=\"28\" /><w:szCs w:val=\"28\" />\
             <w:b /><w:bCs /><w:i /><w:color w:val=\"000000\" /><w:u w:val=\"single\" />\
             <w:rFonts w:ascii=\"Times New Roman\" /></w:rPr>",
        );
        assert_eq!(
            children_of(&canonicalise(&xml), "w:rPr"),
            ["w:rFonts", "w:b", "w:bCs", "w:i", "w:color", "w:sz", "w:szCs", "w:u", "w:lang"]
        );
    }

    #[test]
    fn paragraph_properties_follow_the_ppr_sequence_with_the_mark_last() {
        let xml = wrap(
            "<w:pPr><w:rPr><w:sz w:val=\"4\" /></w:rPr><w:jc w:val=\"center\" />\
             <w:ind w:left=\"10\" /><w:spacing w:before=\"0\" /><w:pBdr><w:bottom w:val=\"single\" />\
             <w:top w:val=\"single\" /></w:pBdr><w:keepLines /><w:keepNext /><w:numPr /></w:pPr>",
        );
        let out = canonicalise(&xml);
        assert_eq!(
            children_of(&out, "w:pPr"),
            [
                "w:keepNext",
                "w:keepLines",
                "w:numPr",
                "w:pBdr",
                "w:spacing",
                "w:ind",
                "w:jc",
                "w:rPr"
            ]
        );
        assert_eq!(children_of(&out, "w:pBdr"), ["w:top", "w:bottom"]);
    }

    #[test]
    fn table_properties_follow_the_tblpr_sequence() {
        let xml = wrap(
            "<w:tblPr><w:tblW w:w=\"9000\" w:type=\"dxa\" /><w:jc w:val=\"center\" />\
             <w:tblBorders><w:insideV /><w:bottom /><w:top /></w:tblBorders>\
             <w:tblCellMar><w:right w:w=\"28\" /><w:top w:w=\"0\" /></w:tblCellMar>\
             <w:tblLayout w:type=\"fixed\" /><w:tblInd w:w=\"0\" /><w:tblStyle w:val=\"T\" /></w:tblPr>",
        );
        let out = canonicalise(&xml);
        assert_eq!(
            children_of(&out, "w:tblPr"),
            [
                "w:tblStyle",
                "w:tblW",
                "w:jc",
                "w:tblInd",
                "w:tblBorders",
                "w:tblLayout",
                "w:tblCellMar"
            ]
        );
        assert_eq!(
            children_of(&out, "w:tblBorders"),
            ["w:top", "w:bottom", "w:insideV"]
        );
        assert_eq!(children_of(&out, "w:tblCellMar"), ["w:top", "w:right"]);
    }

    #[test]
    fn row_properties_follow_the_trpr_declaration_order() {
        let xml = wrap(
            "<w:trPr><w:jc w:val=\"center\" /><w:trHeight w:val=\"400\" /><w:tblHeader />\
             <w:cantSplit /><w:gridAfter w:val=\"1\" /></w:trPr>",
        );
        assert_eq!(
            children_of(&canonicalise(&xml), "w:trPr"),
            [
                "w:gridAfter",
                "w:cantSplit",
                "w:trHeight",
                "w:tblHeader",
                "w:jc"
            ]
        );
    }

    #[test]
    fn cell_properties_follow_the_tcpr_sequence() {
        let xml = wrap(
            "<w:tcPr><w:vAlign w:val=\"top\" /><w:shd w:fill=\"D9D9D9\" />\
             <w:tcBorders><w:right /><w:left /><w:bottom /><w:top /></w:tcBorders>\
             <w:vMerge /><w:gridSpan w:val=\"2\" /><w:tcW w:w=\"100\" w:type=\"dxa\" /></w:tcPr>",
        );
        let out = canonicalise(&xml);
        assert_eq!(
            children_of(&out, "w:tcPr"),
            [
                "w:tcW",
                "w:gridSpan",
                "w:vMerge",
                "w:tcBorders",
                "w:shd",
                "w:vAlign"
            ]
        );
        assert_eq!(
            children_of(&out, "w:tcBorders"),
            ["w:top", "w:left", "w:bottom", "w:right"]
        );
    }

    #[test]
    fn section_properties_put_references_first_and_titlepg_after_margins() {
        let xml = wrap(
            "<w:sectPr><w:pgSz w:w=\"11906\" /><w:pgMar w:top=\"1134\" /><w:cols />\
             <w:headerReference w:type=\"default\" r:id=\"rId1\" /><w:titlePg />\
             <w:type w:val=\"nextPage\" /><w:docGrid /><w:pgNumType w:start=\"1\" /></w:sectPr>",
        )
        .replace(
            NS,
            &format!(
                "{NS} xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
            ),
        );
        assert_eq!(
            children_of(&canonicalise(&xml), "w:sectPr"),
            [
                "w:headerReference",
                "w:type",
                "w:pgSz",
                "w:pgMar",
                "w:pgNumType",
                "w:cols",
                "w:titlePg",
                "w:docGrid"
            ]
        );
    }

    #[test]
    fn a_style_puts_ppr_before_rpr_after_its_name_and_flags() {
        let xml = format!(
            "<w:styles {NS}><w:style w:type=\"paragraph\" w:styleId=\"Normal\">\
             <w:rPr /><w:pPr /><w:qFormat /><w:basedOn w:val=\"X\" /><w:name w:val=\"Normal\" />\
             </w:style></w:styles>"
        );
        assert_eq!(
            children_of(&canonicalise(&xml), "w:style"),
            ["w:name", "w:basedOn", "w:qFormat", "w:pPr", "w:rPr"]
        );
    }

    #[test]
    fn doc_defaults_put_run_defaults_before_paragraph_defaults_each_in_order() {
        let xml = format!(
            "<w:styles {NS}><w:style w:styleId=\"Normal\"><w:name w:val=\"Normal\" /></w:style>\
             <w:docDefaults><w:pPrDefault><w:pPr><w:rPr /><w:spacing w:after=\"0\" /></w:pPr>\
             </w:pPrDefault><w:rPrDefault><w:rPr><w:lang w:val=\"vi-VN\" /><w:sz w:val=\"28\" />\
             <w:rFonts w:ascii=\"Times New Roman\" /></w:rPr></w:rPrDefault></w:docDefaults></w:styles>"
        );
        let out = canonicalise(&xml);
        assert_eq!(children_of(&out, "w:styles"), ["w:docDefaults", "w:style"]);
        assert_eq!(
            children_of(&out, "w:docDefaults"),
            ["w:rPrDefault", "w:pPrDefault"]
        );
        let doc = roxmltree::Document::parse(&out).unwrap();
        let rpr = doc
            .descendants()
            .find(|n| n.tag_name().name() == "rPrDefault")
            .unwrap()
            .first_element_child()
            .unwrap();
        let names: Vec<_> = rpr
            .children()
            .filter(|n| n.is_element())
            .map(|n| n.tag_name().name())
            .collect();
        assert_eq!(names, ["rFonts", "sz", "lang"]);
        // The empty paragraph-mark rPr goes (CT_PPrGeneral has none).
        assert_eq!(children_of(&out, "w:pPr"), ["w:spacing"]);
    }

    #[test]
    fn an_empty_paragraph_mark_rpr_goes_and_a_full_one_stays() {
        let xml = format!(
            "<w:numbering {NS}><w:lvl><w:pPr><w:rPr /><w:ind w:left=\"420\" /></w:pPr></w:lvl>\
             <w:p><w:pPr><w:rPr><w:b /></w:rPr><w:jc w:val=\"center\" /></w:pPr></w:p></w:numbering>"
        );
        let out = canonicalise(&xml);
        assert!(
            out.contains("<w:lvl><w:pPr><w:ind w:left=\"420\" /></w:pPr></w:lvl>"),
            "{out}"
        );
        assert!(
            out.contains("<w:pPr><w:jc w:val=\"center\" /><w:rPr><w:b /></w:rPr></w:pPr>"),
            "{out}"
        );
    }

    #[test]
    fn grid_columns_lose_their_undeclared_type_and_keep_their_width() {
        let xml = wrap("<w:tblGrid><w:gridCol w:w=\"6557\" w:type=\"dxa\" /></w:tblGrid>");
        let out = canonicalise(&xml);
        assert!(out.contains("<w:gridCol w:w=\"6557\" />"), "{out}");
    }

    #[test]
    fn text_declarations_and_unknown_elements_are_kept_byte_for_byte() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
                   <w:document a=\"x &amp; y\"><w:body><w:p><w:r><w:t xml:space=\"preserve\">\
                   Đạt &lt;90%&gt; ; </w:t></w:r></w:p><w:foo b='1'/></w:body></w:document>";
        let out = canonicalise(xml);
        assert_eq!(
            out,
            xml.replace("<w:foo b='1'/>", "<w:foo b=\"1\" />"),
            "only quoting style may change"
        );
    }

    #[test]
    fn malformed_input_is_returned_unchanged() {
        let xml = "<w:a><w:b></w:a>";
        assert_eq!(canonicalise(xml), xml);
    }
}
