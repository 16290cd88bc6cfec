-- contactblok: who to call, from the data files contact.toml and regio.toml.
--
-- Reads
--   ```contactblok
--   ```
-- and renders <p class="contact">Bel NAAM (REGIO).</p>
return {
  directives = {
    contactblok = function(node, page)
      local c, r = wegwijzer.data("contact"), wegwijzer.data("regio")
      return '<p class="contact">Bel ' .. wegwijzer.escape(c.naam) .. " (" .. wegwijzer.escape(r.naam) .. ").</p>\n"
    end,
  },
}
