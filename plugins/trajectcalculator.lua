--[[ trajectcalculator: the guidance hours of the 1-zorgroute trajectories for one
school, from a data file in content/ (the numbers are content, not code).

    ```trajectcalculator data="1-zorgroute/trajecten"
    ```

Optional arguments: groups=8 teachers=10 replace the default school size of the
data file ([inputs] in the data file).

Renders, for the default school size, so the page is complete without
JavaScript and in print:
  - a form for the number of groups and teachers (hidden until the script runs);
  - an inline SVG bar chart of the hours per trajectory, stacked per year;
  - a table with the trajectories side by side: hours per activity type and
    year, the sum per year and in total; each trajectory's column header has the
    id "traject-<id>" (the success-indicator advice links there);
  - a table "wie doet wat": who the trajectory is meant for, and what the
    school and the external guide contribute.
The data file travels to assets/calculator.js in <script type="application/json">;
the script recomputes with the same rules, validates the inputs, keeps them in
localStorage, highlights the trajectory named in the URL hash and exports CSV.
The data file's schema: docs/calculator.md.
]]

local M = {}

local esc = wegwijzer.escape

local S = {
  legend = "Jouw school",
  groups = "Aantal groepen",
  teachers = "Aantal leerkrachten",
  hint = "Een heel getal van %d tot en met %d.",
  scaling = "Alleen het intensieve traject groeit mee met het aantal groepen en leerkrachten.",
  calculate = "Bereken",
  csv = "Download als CSV",
  print = "Afdrukken",
  nojs = "Zonder JavaScript zie je hier de uren voor een voorbeeldschool. Met JavaScript vul je het aantal "
    .. "groepen en leerkrachten van je eigen school in.",
  basis = "De uren hieronder gelden voor een school met %s.",
  size = "%s en %s",
  chart_title = "Begeleidingsuren per traject, per jaar",
  chart_caption = "Begeleidingsuren per traject voor een school met %s, opgebouwd per jaar. "
    .. "De tabel hieronder geeft dezelfde getallen.",
  table_caption = "Begeleidingsuren per activiteit en per jaar voor een school met %s",
  activity = "Activiteit",
  year_total = "Totaal %s",
  total = "Totaal over alle jaren",
  included = "inbegrepen",
  included_long = "inbegrepen, niet in uren",
  none = "–",
  advice = "advies",
  who_heading = "Wie doet wat",
  limit = "Meer dan %d leerkrachten: %s %s de %s voor ten hoogste %d leerkrachten. "
    .. "Voor meer leerkrachten rekent de calculator daar geen extra uren voor.",
  plans_one = "plant",
  plans_many = "plannen",
  who_caption = "Voor wie elk traject bedoeld is en wat de school en de begeleider bijdragen",
  intended = "Bedoeld voor scholen",
  with = "met",
  hours_unit = "uur",
}

-- Dutch notation: 1½, 58½, 0,25. Halves as in the source ("1½ uur").
local function num(x)
  local r = math.floor(x * 100 + 0.5) / 100
  local whole = math.floor(r)
  local frac = r - whole
  if frac == 0 then return string.format("%d", whole) end
  if math.abs(frac - 0.5) < 1e-9 then return (whole == 0 and "" or string.format("%d", whole)) .. "½" end
  return wegwijzer.number(r)
end

local function hours(x) return num(x) .. " " .. S.hours_unit end

local function plural(n, one, many) return string.format("%d %s", n, n == 1 and one or many) end
local function size_text(g, l)
  return string.format(S.size, plural(g, "groep", "groepen"), plural(l, "leerkracht", "leerkrachten"))
end

-- "a", "a en b", "a, b en c"
local function join_and(list)
  if #list <= 1 then return list[1] or "" end
  return table.concat(list, ", ", 1, #list - 1) .. " en " .. list[#list]
end

-- ------------------------------------------------------------------ the data

local PER = { groep = true, leerkracht = true, leerkrachtgroep = true }

-- Checks the data file and returns the model the page and the script use.
local function read_model(key, line)
  local function bad(msg)
    wegwijzer.fail("data file \"" .. key .. "\": " .. msg .. " (the schema is in docs/calculator.md)", line)
  end
  local ok, data = pcall(wegwijzer.data, key)
  if not ok then wegwijzer.fail(tostring(data), line) end
  if type(data) ~= "table" then bad("is not a table") end

  local function list(t, field, where)
    local v = t[field]
    if type(v) ~= "table" or #v == 0 then bad(where .. " needs a non-empty list `" .. field .. "`") end
    return v
  end
  local function text(t, field, where)
    local v = t[field]
    if type(v) ~= "string" or v == "" then bad(where .. " needs a text `" .. field .. "`") end
    return v
  end
  local function ids(items, where)
    local out, seen = {}, {}
    for i, it in ipairs(items) do
      local w = where .. "[" .. i .. "]"
      if type(it) ~= "table" then bad(w .. " is not a table") end
      local id = text(it, "id", w)
      if not id:match("^[%w_-]+$") then bad(w .. ".id `" .. id .. "` may only hold letters, digits, - and _") end
      if seen[id] then bad(w .. ".id `" .. id .. "` is used twice") end
      seen[id] = true
      out[#out + 1] = { id = id, label = text(it, "label", w) }
    end
    return out, seen
  end

  local m = { unit = data.unit or S.hours_unit, source = data.source, inputs = {} }
  for _, k in ipairs({ "groups", "teachers" }) do
    local inp = type(data.inputs) == "table" and data.inputs[k] or {}
    local def = { groups = { 8, 1, 60 }, teachers = { 10, 1, 120 } }
    local t = {
      default = inp.default or def[k][1],
      min = inp.min or def[k][2],
      max = inp.max or def[k][3],
    }
    for f, v in pairs(t) do
      if math.type(v) ~= "integer" then bad("inputs." .. k .. "." .. f .. " must be a whole number") end
    end
    if t.min < 1 or t.min > t.default or t.default > t.max then
      bad("inputs." .. k .. " needs 1 <= min <= default <= max")
    end
    m.inputs[k] = t
  end

  local years, year_ok = ids(list(data, "years", "the file"), "years")
  local types, type_ok = ids(list(data, "activity_types", "the file"), "activity_types")
  local roles, role_ok
  if data.roles == nil then
    roles, role_ok = { { id = "begeleider", label = "Begeleider" } }, { begeleider = true }
  else
    roles, role_ok = ids(list(data, "roles", "the file"), "roles")
  end
  local role_label = {}
  for _, r in ipairs(roles) do role_label[r.id] = r.label end
  m.years, m.types, m.roles = years, types, roles

  m.trajectories = {}
  local trajs = ids(list(data, "trajectories", "the file"), "trajectories")
  for i, t in ipairs(data.trajectories) do
    local w = "trajectories[" .. i .. "] (" .. trajs[i].id .. ")"
    local out = { id = trajs[i].id, label = trajs[i].label, intended_for = {}, contributions = {}, activities = {} }
    if t.intended_for ~= nil then
      if type(t.intended_for) ~= "table" then bad(w .. ".intended_for must be a list of texts") end
      for _, s in ipairs(t.intended_for) do out.intended_for[#out.intended_for + 1] = tostring(s) end
    end
    local c = t.contributions
    if c ~= nil and type(c) ~= "table" then bad(w .. ".contributions must be a table of lists per role") end
    for role, items in pairs(c or {}) do
      if not role_ok[role] then bad(w .. ".contributions." .. role .. ": `" .. role .. "` is not an id in [[roles]]") end
      if type(items) ~= "table" then bad(w .. ".contributions." .. role .. " must be a list of texts") end
      local l = {}
      for _, s in ipairs(items) do l[#l + 1] = tostring(s) end
      out.contributions[role] = l
    end
    for j, a in ipairs(list(t, "activities", w)) do
      local aw = w .. ".activities[" .. j .. "]"
      if type(a) ~= "table" then bad(aw .. " is not a table") end
      local row = {
        year = text(a, "year", aw),
        type = text(a, "type", aw),
        label = text(a, "label", aw),
        count = a.count,
        hours = a.hours,
        per = a.per,
        group_size = a.group_size,
        max_teachers = a.max_teachers,
        unmetered = a.unmetered == true,
        by = a.by or roles[#roles].id,
        with = {},
        note = a.note,
      }
      if not year_ok[row.year] then bad(aw .. ".year `" .. row.year .. "` is not an id in [[years]]") end
      if not type_ok[row.type] then bad(aw .. ".type `" .. row.type .. "` is not an id in [[activity_types]]") end
      if not role_ok[row.by] then bad(aw .. ".by `" .. tostring(row.by) .. "` is not an id in [[roles]]") end
      if math.type(row.count) ~= "integer" or row.count < 0 then bad(aw .. ".count must be a whole number >= 0") end
      if type(row.hours) ~= "number" or row.hours < 0 then bad(aw .. ".hours must be a number >= 0") end
      if row.per ~= nil and not PER[row.per] then
        bad(aw .. ".per must be \"groep\", \"leerkracht\" or \"leerkrachtgroep\" (or left out), not `"
          .. tostring(row.per) .. "`")
      end
      if row.per == "leerkrachtgroep" and (math.type(row.group_size) ~= "integer" or row.group_size < 1) then
        bad(aw .. " has per = \"leerkrachtgroep\" and needs a whole number group_size >= 1")
      end
      if row.max_teachers ~= nil and (math.type(row.max_teachers) ~= "integer" or row.max_teachers < 1) then
        bad(aw .. ".max_teachers must be a whole number >= 1")
      end
      if row.note ~= nil then row.note = tostring(row.note) end
      if type(a.with) == "table" then
        for _, s in ipairs(a.with) do row.with[#row.with + 1] = tostring(s) end
      elseif a.with ~= nil then
        row.with[1] = tostring(a.with)
      end
      out.activities[#out.activities + 1] = row
    end
    m.trajectories[#m.trajectories + 1] = out
  end
  m.role_label = role_label
  return m
end

-- ------------------------------------------------------------ the arithmetic
-- The same rules as assets/calculator.js and tests/unit/trajecten_data_test.cpp.

local function factor(a, g, l)
  if a.per == "groep" then return g end
  if a.per == "leerkracht" then return l end
  if a.per == "leerkrachtgroep" then return (l + a.group_size - 1) // a.group_size end
  return 1
end

local function row_hours(a, g, l)
  if a.unmetered then return 0 end
  return a.count * a.hours * factor(a, g, l)
end

-- "1 × 8 uur", "8 groepen × 1 uur", "3 × 1½ uur × 2 groepen"
local function row_calc(a, g, l)
  if a.unmetered then return S.included end
  local base = string.format("%d × %s", a.count, hours(a.hours))
  if a.per == "groep" then
    return plural(g, "groep", "groepen") .. " × " .. (a.count == 1 and hours(a.hours) or base)
  elseif a.per == "leerkracht" then
    return plural(l, "leerkracht", "leerkrachten") .. " × " .. (a.count == 1 and hours(a.hours) or base)
  elseif a.per == "leerkrachtgroep" then
    return base .. " × " .. plural(factor(a, g, l), "groep", "groepen")
  end
  return base
end

-- Per trajectory: cells[year][type] = {hours, calc, metered, any}, years[year], total.
local function compute(m, g, l)
  local out = {}
  for _, t in ipairs(m.trajectories) do
    local r = { cells = {}, years = {}, total = 0 }
    for _, a in ipairs(t.activities) do
      r.cells[a.year] = r.cells[a.year] or {}
      local c = r.cells[a.year][a.type] or { hours = 0, calc = {}, metered = false }
      r.cells[a.year][a.type] = c
      local h = row_hours(a, g, l)
      c.hours = c.hours + h
      c.metered = c.metered or not a.unmetered
      c.calc[#c.calc + 1] = row_calc(a, g, l)
      r.years[a.year] = (r.years[a.year] or 0) + h
      r.total = r.total + h
    end
    out[t.id] = r
  end
  return out
end

-- ------------------------------------------------------------------ the HTML

local function th_traject(t, with_id)
  local id = with_id and (' id="traject-' .. esc(t.id) .. '" tabindex="-1"') or ""
  return '<th scope="col" class="calc__traject"' .. id .. ' data-traject="' .. esc(t.id) .. '">'
    .. esc(t.label) .. ' <span class="badge badge--good calc__advice" hidden>' .. esc(S.advice) .. "</span></th>"
end

local function cell_html(c)
  if not c then return S.none, "" end
  if not c.metered then return S.included, "" end
  return hours(c.hours), table.concat(c.calc, " + ")
end

-- Who carries out a type of activity in a year, and with whom: "CED-begeleider, met de staf".
local function who_text(m, year, type_id)
  local by, with, seen = {}, {}, {}
  for _, t in ipairs(m.trajectories) do
    for _, a in ipairs(t.activities) do
      if a.year == year and a.type == type_id then
        local b = m.role_label[a.by]
        if not seen["by:" .. b] then seen["by:" .. b] = true; by[#by + 1] = b end
        for _, w in ipairs(a.with) do
          if not seen["with:" .. w] then seen["with:" .. w] = true; with[#with + 1] = w end
        end
      end
    end
  end
  local s = join_and(by)
  if #with > 0 then s = s .. ", " .. S.with .. " " .. join_and(with) end
  return s
end

local function chart_html(m, res, g, l)
  -- viewBox units: each trajectory's name on a line of its own above its bar, the bar up to
  -- 230 units wide and its total after it. Narrow on purpose: 320 units fit a phone at about
  -- the size of the text, and nothing has to scroll sideways (the theme caps its width).
  local left, width, row, bar, label_h = 0, 225, 62, 24, 22
  local height = 8 + row * #m.trajectories
  local max = 0
  for _, t in ipairs(m.trajectories) do max = math.max(max, res[t.id].total) end
  local scale = max > 0 and width / max or 0
  local title = {}
  for _, t in ipairs(m.trajectories) do title[#title + 1] = t.label .. " " .. hours(res[t.id].total) end
  local h = {}
  h[#h + 1] = '<figure class="chart chart--fluid calc__chart" data-calc-chart>'
  h[#h + 1] = string.format('<svg viewBox="0 0 320 %d" width="320" height="%d" role="img" '
    .. 'aria-labelledby="calc-chart-title" focusable="false" data-bar-left="%d" data-bar-width="%d">',
    height, height, left, width)
  h[#h + 1] = '<title id="calc-chart-title" data-calc-chart-title>' .. esc(S.chart_title .. ": "
    .. table.concat(title, ", ")) .. "</title>"
  for i, t in ipairs(m.trajectories) do
    local top = 4 + (i - 1) * row
    local y = top + label_h
    h[#h + 1] = '<g class="calc__chart-row" data-traject="' .. esc(t.id) .. '">'
    h[#h + 1] = string.format('<text class="calc__chart-label" x="%d" y="%d">%s</text>',
      left, top + 16, esc(t.label))
    local x = left
    for k, yr in ipairs(m.years) do
      local w = (res[t.id].years[yr.id] or 0) * scale
      h[#h + 1] = string.format('<rect class="chart__bar chart__bar--%d" data-seg="%s/%s" x="%.2f" y="%d" '
        .. 'width="%.2f" height="%d"></rect>', (k - 1) % 4 + 1, esc(t.id), esc(yr.id), x, y, w, bar)
      x = x + w
    end
    h[#h + 1] = string.format('<text class="chart__value" data-chart-total="%s" x="%.2f" y="%d">%s</text>',
      esc(t.id), x + 8, y + bar / 2 + 5, esc(hours(res[t.id].total)))
    h[#h + 1] = "</g>"
  end
  h[#h + 1] = "</svg>"
  h[#h + 1] = '<figcaption><span data-calc-caption>' .. esc(string.format(S.chart_caption, size_text(g, l)))
    .. '</span><ul class="chart__legend">'
  for k, yr in ipairs(m.years) do
    h[#h + 1] = string.format('<li class="chart__key--%d">%s</li>', (k - 1) % 4 + 1, esc(yr.label))
  end
  h[#h + 1] = "</ul></figcaption></figure>"
  return table.concat(h, "\n")
end

local function hours_table(m, res, g, l)
  local h = {}
  local ncol = #m.trajectories + 1
  -- Named, and focusable in case a very long word still makes it scroll; on a narrow screen
  -- the theme lays it out one row at a time (.table--stack, each cell's data-label).
  h[#h + 1] = '<section class="table-wrap calc__wrap" tabindex="0" aria-labelledby="calc-hours-caption">'
    .. '<table class="calc__table calc__hours table--stack">'
  h[#h + 1] = '<caption id="calc-hours-caption" data-calc-table-caption>'
    .. esc(string.format(S.table_caption, size_text(g, l))) .. "</caption>"
  h[#h + 1] = '<thead><tr><th scope="col">' .. esc(S.activity) .. "</th>"
  for _, t in ipairs(m.trajectories) do h[#h + 1] = th_traject(t, true) end
  h[#h + 1] = "</tr></thead>"
  for _, yr in ipairs(m.years) do
    -- The activity types with a row in this year, in the order of [[activity_types]].
    local present = {}
    for _, t in ipairs(m.trajectories) do
      for _, a in ipairs(t.activities) do
        if a.year == yr.id then present[a.type] = true end
      end
    end
    if next(present) then
      h[#h + 1] = '<tbody class="calc__year"><tr class="calc__year-head"><th scope="rowgroup" colspan="' .. ncol
        .. '">' .. esc(yr.label) .. "</th></tr>"
      for _, ty in ipairs(m.types) do
        if present[ty.id] then
          h[#h + 1] = '<tr><th scope="row">' .. esc(ty.label) .. ' <span class="calc__who">'
            .. esc(who_text(m, yr.id, ty.id)) .. "</span></th>"
          for _, t in ipairs(m.trajectories) do
            local main, calc = cell_html(res[t.id].cells[yr.id] and res[t.id].cells[yr.id][ty.id])
            h[#h + 1] = '<td class="num" data-label="' .. esc(t.label) .. '" data-traject="' .. esc(t.id) .. '" data-cell="' .. esc(t.id .. "/" .. yr.id
              .. "/" .. ty.id) .. '"><span class="calc__cell-hours">' .. esc(main)
              .. '</span> <span class="calc__cell-calc">' .. esc(calc) .. "</span></td>"
          end
          h[#h + 1] = "</tr>"
        end
      end
      h[#h + 1] = '<tr class="calc__subtotal"><th scope="row">' .. esc(string.format(S.year_total, yr.label:lower()))
        .. "</th>"
      for _, t in ipairs(m.trajectories) do
        local v = res[t.id].years[yr.id]
        h[#h + 1] = '<td class="num" data-label="' .. esc(t.label) .. '" data-traject="' .. esc(t.id) .. '" data-total="'
          .. esc(t.id .. "/" .. yr.id)
          .. '">' .. esc(v and v > 0 and hours(v) or S.none) .. "</td>"
      end
      h[#h + 1] = "</tr></tbody>"
    end
  end
  h[#h + 1] = '<tfoot><tr class="calc__total"><th scope="row">' .. esc(S.total) .. "</th>"
  for _, t in ipairs(m.trajectories) do
    h[#h + 1] = '<td class="num" data-label="' .. esc(t.label) .. '" data-traject="' .. esc(t.id) .. '" data-total="'
      .. esc(t.id) .. '">'
      .. esc(hours(res[t.id].total)) .. "</td>"
  end
  h[#h + 1] = "</tr></tfoot></table></section>"
  return table.concat(h, "\n")
end

-- Activities planned for at most max_teachers teachers do not grow with the
-- team: past the smallest such limit the page says which trajectories plan
-- which activity for how many ("Meer dan 12 leerkrachten: …"). Shown by
-- calculator.js whenever the number of teachers is above data-max; nil when no
-- activity has a limit.
local function limit_html(m, l)
  local max, names, kinds, seen = nil, {}, {}, {}
  for _, t in ipairs(m.trajectories) do
    for _, a in ipairs(t.activities) do
      if a.max_teachers and (not max or a.max_teachers < max) then max = a.max_teachers end
    end
  end
  if not max then return nil end
  local type_label = {}
  for _, ty in ipairs(m.types) do type_label[ty.id] = ty.label end
  for _, t in ipairs(m.trajectories) do
    for _, a in ipairs(t.activities) do
      if a.max_teachers == max then
        if not seen[t.id] then seen[t.id] = true; names[#names + 1] = "het " .. t.label:lower() end
        local k = (type_label[a.type] or a.label):lower()
        if not seen["type:" .. k] then seen["type:" .. k] = true; kinds[#kinds + 1] = k end
      end
    end
  end
  local text = string.format(S.limit, max, join_and(names), #names > 1 and S.plans_many or S.plans_one,
    join_and(kinds), max)
  return string.format('<p class="calc__limit" data-calc-limit data-max="%d"%s>%s</p>', max,
    l > max and "" or " hidden", esc(text))
end

local function list_html(items)
  if #items == 0 then return S.none end
  local h = { '<ul class="calc__list">' }
  for _, s in ipairs(items) do h[#h + 1] = "<li>" .. esc(s) .. "</li>" end
  h[#h + 1] = "</ul>"
  return table.concat(h)
end

local function who_table(m)
  local h = {}
  h[#h + 1] = '<h2 class="calc__heading">' .. esc(S.who_heading) .. "</h2>"
  h[#h + 1] = '<section class="table-wrap calc__wrap" tabindex="0" aria-labelledby="calc-roles-caption">'
    .. '<table class="calc__table calc__roles table--stack">'
  h[#h + 1] = '<caption id="calc-roles-caption">' .. esc(S.who_caption) .. "</caption>"
  h[#h + 1] = '<thead><tr><td></td>'
  for _, t in ipairs(m.trajectories) do h[#h + 1] = th_traject(t, false) end
  h[#h + 1] = "</tr></thead><tbody>"
  local any_intended = false
  for _, t in ipairs(m.trajectories) do any_intended = any_intended or #t.intended_for > 0 end
  if any_intended then
    h[#h + 1] = '<tr><th scope="row">' .. esc(S.intended) .. "</th>"
    for _, t in ipairs(m.trajectories) do
      h[#h + 1] = '<td data-label="' .. esc(t.label) .. '" data-traject="' .. esc(t.id) .. '">'
        .. list_html(t.intended_for) .. "</td>"
    end
    h[#h + 1] = "</tr>"
  end
  for _, r in ipairs(m.roles) do
    local any = false
    for _, t in ipairs(m.trajectories) do any = any or t.contributions[r.id] ~= nil end
    if any then
      h[#h + 1] = '<tr><th scope="row">' .. esc(r.label) .. "</th>"
      for _, t in ipairs(m.trajectories) do
        h[#h + 1] = '<td data-label="' .. esc(t.label) .. '" data-traject="' .. esc(t.id) .. '">'
          .. list_html(t.contributions[r.id] or {}) .. "</td>"
      end
      h[#h + 1] = "</tr>"
    end
  end
  h[#h + 1] = "</tbody></table></section>"
  return table.concat(h, "\n")
end

local function field_html(name, label, bounds, value)
  local id = "calc-" .. name
  return table.concat({
    '<div class="field calc__field">',
    '<label for="' .. id .. '">' .. esc(label) .. "</label>",
    '<p class="field__hint" id="' .. id .. '-hint">' .. esc(string.format(S.hint, bounds.min, bounds.max)) .. "</p>",
    '<input type="text" inputmode="numeric" autocomplete="off" class="calc__input" id="' .. id .. '" name="' .. name
      .. '" value="' .. value .. '" aria-describedby="' .. id .. "-hint " .. id .. '-error" data-calc-input="' .. name
      .. '">',
    '<p class="field__error calc__error" id="' .. id .. '-error" aria-live="polite"></p>',
    "</div>",
  }, "\n")
end

M.directives = {
  trajectcalculator = function(d, page)
    local args = d.args or {}
    local key = args.data
    if not key or key == "" then
      wegwijzer.fail("trajectcalculator needs data=\"folder/name\": the data file with the trajectories, "
        .. "e.g. data=\"1-zorgroute/trajecten\"", d.line)
    end
    local m = read_model(key, d.line)
    local function size_arg(name, bounds)
      local v = args[name]
      if v == nil then return bounds.default end
      local n = math.tointeger(tonumber(v))
      if not n or n < bounds.min or n > bounds.max then
        wegwijzer.fail(name .. "=" .. v .. " must be a whole number from " .. bounds.min .. " to " .. bounds.max, d.line)
      end
      return n
    end
    local g = size_arg("groups", m.inputs.groups)
    local l = size_arg("teachers", m.inputs.teachers)
    m.inputs.groups.default, m.inputs.teachers.default = g, l
    local res = compute(m, g, l)

    wegwijzer.use_script("assets/calculator.js")
    wegwijzer.use_style("assets/calculator.css")

    local json = {
      unit = m.unit, source = m.source, inputs = m.inputs, years = m.years, types = m.types, roles = m.roles,
      trajectories = m.trajectories,
    }
    local h = {}
    h[#h + 1] = '<div class="calc" data-ww-calculator data-storage-key="wegwijzer:trajectcalculator:' .. esc(key) .. '">'
    h[#h + 1] = '<script type="application/json" class="calc__data">' .. wegwijzer.json(json) .. "</script>"
    h[#h + 1] = '<p class="calc__nojs no-print" data-calc-nojs>' .. esc(S.nojs) .. "</p>"
    h[#h + 1] = '<form class="calc__form" data-calc-form hidden novalidate>'
    h[#h + 1] = '<fieldset><legend>' .. esc(S.legend) .. "</legend>"
    h[#h + 1] = '<p class="field__hint">' .. esc(S.scaling) .. "</p>"
    h[#h + 1] = '<div class="calc__fields">'
    h[#h + 1] = field_html("groups", S.groups, m.inputs.groups, g)
    h[#h + 1] = field_html("teachers", S.teachers, m.inputs.teachers, l)
    h[#h + 1] = "</div></fieldset>"
    h[#h + 1] = '<div class="button-row calc__buttons">'
      .. '<button type="submit" class="button button--primary">' .. esc(S.calculate) .. "</button>"
      .. '<button type="button" class="button" data-calc-action="csv">' .. esc(S.csv) .. "</button>"
      .. '<button type="button" class="button" data-calc-action="print">' .. esc(S.print) .. "</button></div>"
    h[#h + 1] = '<p class="calc__status" role="status" data-calc-status></p>'
    h[#h + 1] = "</form>"
    h[#h + 1] = '<p class="calc__basis" data-calc-basis>' .. esc(string.format(S.basis, size_text(g, l))) .. "</p>"
    h[#h + 1] = limit_html(m, l)
    h[#h + 1] = chart_html(m, res, g, l)
    h[#h + 1] = hours_table(m, res, g, l)
    h[#h + 1] = who_table(m)
    h[#h + 1] = "</div>"
    return table.concat(h, "\n")
  end,
}

return M
