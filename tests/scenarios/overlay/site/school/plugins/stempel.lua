-- stempel: a line under every page's text saying whose handbook it is.
--
-- The school's version of the site's plugin: <p class="stempel">Handboek van De Linde</p>.
return {
  Document = function(doc)
    doc.children[#doc.children + 1] = { type = "RawBlock", text = '<p class="stempel">Handboek van De Linde</p>\n' }
    return doc
  end,
}
