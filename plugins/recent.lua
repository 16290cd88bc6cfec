-- recent: "Wat is er nieuw?" — a list of the most recently changed pages.
--
-- Reads a directive block in any page:
--
--   ```recent count=20
--   ```
--
-- and renders the `count` pages (default 20) with the newest `updated` date
-- (front matter `lastmod`, else the git history, else `date`), newest first,
-- each with its date and summary. Pages without any date are left out.

local months = { "januari", "februari", "maart", "april", "mei", "juni", "juli",
                 "augustus", "september", "oktober", "november", "december" }

local function dutch_date(iso)
  local y, m, d = string.match(iso or "", "^(%d%d%d%d)%-(%d%d)%-(%d%d)")
  if not y then return nil end
  return tonumber(d) .. " " .. months[tonumber(m)] .. " " .. y
end

return {
  directives = {
    recent = function(d, page)
      local count = tonumber(d.args and d.args.count) or 20
      local list = {}
      for _, p in ipairs(wegwijzer.site.pages) do
        if p.kind ~= "home" and p.updated and dutch_date(p.updated) and p.path ~= page.path then
          list[#list + 1] = p
        end
      end
      table.sort(list, function(a, b)
        if a.updated ~= b.updated then return a.updated > b.updated end
        return a.title < b.title
      end)
      if #list == 0 then
        return '<p class="recent-empty">Er zijn nog geen pagina\'s met een datum.</p>'
      end
      local out = { '<ol class="recent-list">' }
      for i = 1, math.min(count, #list) do
        local p = list[i]
        out[#out + 1] = '<li><a href="' .. wegwijzer.escape(wegwijzer.url(p.path)) .. '">' ..
          wegwijzer.escape(p.title) .. '</a> <time datetime="' .. wegwijzer.escape(p.updated:sub(1, 10)) .. '">' ..
          wegwijzer.escape(dutch_date(p.updated)) .. '</time>' ..
          (p.summary ~= "" and ('<br><span class="recent-summary">' .. wegwijzer.escape(p.summary) .. '</span>') or "") ..
          '</li>'
      end
      out[#out + 1] = '</ol>'
      return table.concat(out, "\n")
    end,
  },
}
