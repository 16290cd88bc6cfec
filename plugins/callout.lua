-- callout: a highlighted note ("info", "let op" or "tip") around ordinary Markdown.
--
-- Reads a fenced block whose info string starts with `callout`:
--
--   ```callout type=let-op title="Voorbehoud"
--   Onderstaande competenties zijn **letterlijk** vertaald. Zie ook [de rol](../rol.md).
--   ```
--
-- and renders
--
--   <aside class="callout callout--let-op" aria-label="Voorbehoud">
--   <p class="callout__title">Voorbehoud</p>
--   <p>Onderstaande competenties zijn <strong>letterlijk</strong> vertaald. Zie ook <a href="../rol.html">de rol</a>.</p>
--   </aside>
--
-- id=NAME gives the aside an id, so a link can lead to it ([\*](#noot-a1) for a
-- note under a list); letters, digits, - and _ only (anything else is a warning
-- and no id).
--
-- type is info (the default), let-op or tip; the theme styles .callout--TYPE
-- (themes/default/assets/style.css). Without a title, the type's name ("Let op")
-- is the title and the label. An unknown type is a warning and shows as info.
--
-- The body is parsed with wegwijzer.markdown and handed back as nodes between
-- the opening and closing HTML, not rendered to text here: so links in it are
-- rewritten and checked like every other link, and other plugins' hooks see it.

local names = {
  nl = { info = "Info", ["let-op"] = "Let op", tip = "Tip" },
  en = { info = "Note", ["let-op"] = "Caution", tip = "Tip" },
}

return {
  directives = {
    callout = function(node, page)
      local args = node.args
      local kind = args.type or "info"
      local labels = names[wegwijzer.site.language] or names.nl
      if not labels[kind] then
        wegwijzer.warn('unknown callout type "' .. kind .. '"; use info, let-op or tip (shown as info)', node.line)
        kind = "info"
      end
      local title = args.title
      if not title or title == "" or title == "true" then title = labels[kind] end
      local t = wegwijzer.escape(title)
      local id = ""
      if args.id and args.id ~= "" then
        if args.id:match("^[%w_%-]+$") then
          id = ' id="' .. args.id .. '"'
        else
          wegwijzer.warn('callout id "' .. args.id .. '" may hold letters, digits, - and _ only; left out', node.line)
        end
      end
      local open = '<aside class="callout callout--' .. kind .. '"' .. id .. ' aria-label="' .. t .. '">\n'
        .. '<p class="callout__title">' .. t .. '</p>\n'
      local out = { { type = "RawBlock", text = open } }
      for _, block in ipairs(wegwijzer.markdown(node.text, (node.line or 0) + 1)) do
        out[#out + 1] = block
      end
      out[#out + 1] = { type = "RawBlock", text = "</aside>\n" }
      return out
    end,
  },
}
