-- stempel: a line under every page's text saying whose handbook it is.
--
-- Renders <p class="stempel">Netwerkhandboek</p> at the end of every page.
return {
  Document = function(doc)
    doc.children[#doc.children + 1] = { type = "RawBlock", text = '<p class="stempel">Netwerkhandboek</p>\n' }
    return doc
  end,
}
