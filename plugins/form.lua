--[[ form: a page whose front matter has a `form:` block becomes an interactive
tool (self-assessment, questionnaire, quality card, checklist), built from the
page's own Markdown. Without JavaScript the page still reads, and prints, as the
complete document: the controls are real HTML form controls around the text.

    ---
    title: "C.1 Competenties van de (interne) begeleider …"
    form:
      id: c1-competenties        # storage key; never change it once published
      type: scale                # scale | checklist
      scale: [Onvoldoende, Matig, Voldoende, Goed]
      group_level: 2             # headings of this level start a group
      reflection: true           # Kracht & kans, Leervraag intervisie
      name_field: Naam begeleider
    ---

    Intro text, tables and callouts stay text.

    ## 1. Verzamelen van leerlinggegevens …      <- a group ("1" is its label)

    - Ik heb een of enkele observatietechnieken aangereikt …   <- an item
    - Op basis van verzamelde gegevens organiseer ik …         <- a heading item,
      - vast te stellen welke doelen …                         <- its sub-items are scored

    ## Kracht & kans                               <- the reflection fields go here
    **Kracht.** Beschrijf …                        <- Kracht field after this paragraph
    **Kans.** Beschrijf maximaal drie …            <- three development points after this one
    ## Leervraag intervisie                        <- the learning question at the end

Headings above group_level (`## A. …` over `### A.1 …`) are parts. Every item
gets a stable id: the slug of its group's label ("1", "a-1", "cluster-1"; none
when the heading has no number), a dash, and wegwijzer.hash of its normalised
text (lowercase, punctuation and spacing ignored). Answers follow the text, not
the position, so edits elsewhere on the page keep them.

The plugin renders the controls around the item's own inline nodes (so links in
items are still checked and rewritten), puts the form's definition in
<script type="application/json" id="ww-ID-def">, and asks for assets/forms.js
(with the scripts it is made of, FORM_SCRIPTS) and assets/forms.css, which
save, chart, compare, export, import and print.
Front-matter keys and the export format: docs/forms.md.
]]

local M = { filter = "form" }

-- The browser side, one plain script per job (themes/default/assets). The
-- page loads them with defer, in this order; forms.js comes last because it
-- starts the form with the others in place.
local FORM_SCRIPTS = {
  "assets/forms-store.js", "assets/forms-dom.js", "assets/forms-definition.js", "assets/forms-answers.js",
  "assets/forms-dialog.js", "assets/forms-panel.js", "assets/forms-print.js", "assets/forms-chart.js",
  "assets/forms-results.js", "assets/forms-transfer.js", "assets/forms-save.js", "assets/forms-actions.js",
  "assets/forms-summary.js", "assets/forms-team.js", "assets/forms-single.js", "assets/forms.js",
}
-- Not inlined into a single-file form: it makes them, from the sources file
-- that finish writes (SOURCES_FILE) when the site has a form.
local SINGLE_SCRIPT = "assets/forms-single.js"
local SOURCES_FILE = "assets/forms-sources.js"

local esc = wegwijzer.escape

-- UI strings, Dutch. A site may replace any of them in site.toml:
-- [plugins.options.form.strings] export = "…".
local S = {
  noscript = "Zonder JavaScript kun je het formulier invullen en afdrukken, maar je antwoorden worden niet bewaard.",
  note = "Notitie",
  action = "Werkpunt",
  kracht = "Kracht: de competenties die ik sterk heb ontwikkeld",
  kans = "Kans: maximaal drie ontwikkelpunten",
  kans_point = "Ontwikkelpunt %d",
  kans_pick = "Kies een competentie uit de lijst",
  kans_none = "(geen keuze)",
  kans_text = "Of beschrijf het in eigen woorden",
  leervraag_pick = "Welk ontwikkelpunt breng je in?",
  leervraag = "Mijn leervraag voor intervisie",
  kracht_heading = "Kracht & kans",
  leervraag_heading = "Leervraag intervisie",
  -- used by forms.js
  tools = "Je antwoorden",
  moment = "Moment",
  compare = "Vergelijk met",
  compare_none = "(niet vergelijken)",
  date = "Datum",
  saved = "Bewaard in deze browser",
  saved_at = "Bewaard in deze browser om %s.",
  not_saved = "Nog niets ingevuld.",
  storage_refused = "Deze browser staat niet toe dat de pagina je antwoorden bewaart (bijvoorbeeld in een privévenster, bij geblokkeerde cookies of in Safari vanaf een bestand). Je antwoorden blijven staan zolang deze pagina open is. Bewaar ze met Exporteren als bestand; met Importeren ga je later verder.",
  storage_failed = "Je antwoorden konden niet worden bewaard: de opslag van de browser weigert of is vol. Gebruik Exporteren om ze als bestand te bewaren.",
  export = "Exporteren",
  bar_label = "Voortgang en bewaren",
  bar_top = "Naar boven",
  import = "Importeren",
  print = "Afdrukken",
  reset = "Formulier wissen",
  clear_all = "Alles wissen",
  cancel = "Annuleren",
  privacy = "Je antwoorden blijven in deze browser op dit apparaat en worden nergens naartoe gestuurd. Gebruik je een gedeelde computer, klik dan na afloop op Alles wissen.",
  privacy_link = "Lees de privacyverklaring",
  exported = "Je antwoorden zijn geëxporteerd als %s.",
  import_title = "Antwoorden importeren",
  import_intro = "Het bestand %s bevat antwoorden voor dit formulier. Importeren vervangt je huidige antwoorden hieronder. Dit verandert er:",
  import_same = "Het bestand bevat dezelfde antwoorden als deze pagina nu; er verandert niets.",
  import_confirm = "Importeren en vervangen",
  imported = "De antwoorden uit %s zijn geïmporteerd.",
  import_cancelled = "Importeren geannuleerd; er is niets veranderd.",
  import_not_json = "%s is geen geldig exportbestand: het is geen JSON.",
  import_not_form = "%s is geen export van een Wegwijzer-formulier.",
  import_version = "%s is gemaakt met een nieuwere versie van Wegwijzer (schemaversie %s); deze pagina kan versie %s lezen.",
  import_other_form = "%s hoort bij een ander formulier (%s), niet bij dit formulier (%s).",
  import_bad = "%s is beschadigd of onvolledig: %s",
  import_too_big = "%s is te groot voor een exportbestand.",
  import_too_many = "%s bevat %d momenten; een import mag er hoogstens %d bevatten. Is het wel een export van dit formulier?",
  changes_more = "… en nog %d wijzigingen.",
  change_name = "Naam: %s → %s",
  change_answer = "%s · %s: %s → %s",
  change_moment_new = "%s: nieuw moment met %d antwoorden",
  change_kept = "%d antwoorden op vragen die niet meer op deze pagina staan, worden apart bewaard.",
  empty = "(leeg)",
  reset_title = "Formulier wissen",
  reset_text = "Hiermee verwijder je alle antwoorden op dit formulier, van alle momenten, uit deze browser. Exporteer ze eerst als je ze wilt bewaren.",
  reset_confirm = "Ja, wis dit formulier",
  reset_done = "Het formulier is gewist.",
  clear_title = "Alles wissen",
  clear_text = "Hiermee verwijder je alles wat deze site in deze browser heeft bewaard: de antwoorden op alle formulieren en je instellingen. Het gaat om:",
  clear_nothing = "Deze site heeft niets in deze browser bewaard.",
  clear_confirm = "Ja, wis alles",
  clear_done = "Alles wat deze site in deze browser bewaarde, is gewist.",
  clear_other = "instellingen (%s)",
  results = "Overzicht",
  results_intro = "Je gemiddelde score per onderdeel. De tabel geeft dezelfde cijfers als de grafiek.",
  results_intro_checklist = "Hoeveel je per onderdeel hebt afgevinkt. De tabel geeft dezelfde cijfers als de grafiek.",
  chart_title = "Staafdiagram: gemiddelde per onderdeel",
  chart_title_checklist = "Staafdiagram: percentage afgevinkt per onderdeel",
  table_caption = "Gemiddelde score per onderdeel",
  table_caption_checklist = "Afgevinkt per onderdeel",
  col_group = "Onderdeel",
  col_average = "Gemiddelde",
  col_scored = "Gescoord",
  col_done = "Afgevinkt",
  col_diff = "Verschil",
  total = "Totaal",
  no_score = "–",
  scored_of = "%d van %d",
  advice = "Indicatief advies",
  advice_average = "Gemiddelde score: %s (%s onderdelen gescoord).",
  advice_partial = "Voorlopig: nog niet alle onderdelen zijn gescoord.",
  advice_none = "Scoor de indicatoren om een advies te zien.",
  advice_below = "Het gemiddelde ligt onder de laagste grens; er is geen advies.",
  advice_rule = "Vanaf een gemiddelde van %s: %s.",
  advice_how = "Hoe komt dit advies tot stand?",
  advice_link = "Bereken de uren van het %s in de trajectcalculator",
  actions = "Werkpunten",
  actions_none = "Nog geen werkpunten gekozen. Vink bij een indicator Werkpunt aan.",
  removed = "Niet meer op deze pagina",
  removed_text = "Deze antwoorden horen bij vragen die niet meer op deze pagina staan (de pagina is aangepast). Ze blijven bewaard en gaan mee in de export.",
  removed_discard = "Deze antwoorden weggooien",
  removed_title = "Oude antwoorden weggooien",
  removed_confirm_text = "Hiermee verwijder je de antwoorden op vragen die niet meer op deze pagina staan.",
  removed_confirm = "Ja, gooi ze weg",
  removed_done = "De oude antwoorden zijn weggegooid.",
  moment_switched = "Je vult nu in: %s.",
  print_name = "Naam",
  print_date = "Datum",
  print_moment = "Moment",
  print_printed = "Afgedrukt op %s",
  progress = "%d van %d vragen ingevuld.",
  progress_checklist = "%d van %d punten afgevinkt.",
  done_label = "Afgevinkt",
  yes = "ja",
  no = "nee",
  -- from scores to action (forms-actions.js)
  insight = "Van score naar actie",
  insight_none = "Scoor de vragen om je sterkste en zwakste punten te zien.",
  strongest = "Sterkste punten",
  weakest = "Zwakste punten",
  adopt_kans = "Als ontwikkelpunt",
  adopt_action = "Als werkpunt",
  adopt_hint_kans = "Met Als ontwikkelpunt zet je een punt in een vrij vak bij Kans (maximaal drie).",
  adopt_hint_action = "Met Als werkpunt vink je het punt aan als werkpunt; het komt in het actieplan.",
  adopt_done_kans = "Toegevoegd als ontwikkelpunt bij Kans: %s",
  adopt_done_action = "Toegevoegd als werkpunt: %s",
  adopt_already = "Dit is al een ontwikkelpunt: %s",
  adopted_kans = "Ontwikkelpunt",
  adopted_action = "Werkpunt",
  adopt_full = "Je hebt al drie ontwikkelpunten bij Kans. Maak eerst een vak leeg.",
  advice_down = "Deze indicatoren scoren onder het gemiddelde (%s) en trekken het advies omlaag:",
  plan = "Actieplan",
  plan_none = "Nog geen werkpunten. Vink bij een punt Werkpunt aan; het komt dan hier in het actieplan.",
  plan_intro = "Per werkpunt: wie doet wat, wanneer, hoe belangrijk het is en hoe ver het is. Wordt bewaard terwijl je typt en gaat mee in de export.",
  plan_point = "Werkpunt",
  plan_wie = "Wie",
  plan_wat = "Wat",
  plan_wanneer = "Wanneer",
  plan_prioriteit = "Prioriteit",
  plan_status = "Status",
  plan_choose = "(kies)",
  plan_prioriteit_hoog = "Hoog",
  plan_prioriteit_midden = "Midden",
  plan_prioriteit_laag = "Laag",
  plan_status_open = "Nog niet begonnen",
  plan_status_bezig = "Bezig",
  plan_status_klaar = "Klaar",
  plan_print = "Actieplan afdrukken",
  -- the conversation summary (forms-summary.js)
  summary_print = "Afdrukken als gespreksverslag",
  summary_kind = "Gespreksverslag",
  summary_average = "gemiddelde score %s",
  summary_open = "Nog niet afgevinkt",
  summary_points = "Gekozen ontwikkelpunten",
  summary_about = "Over:",
  summary_nothing = "(nog niets ingevuld)",
  -- the team overview (forms-team.js)
  team = "Teamoverzicht",
  team_intro = "Lees de exportbestanden van collega's samen in: per vraag zie je hoeveel er antwoordden, hoe de scores verdeeld zijn, het gemiddelde en waar het team het meest verschilt (de spreiding).",
  team_intro_checklist = "Lees de exportbestanden van collega's samen in: per punt zie je hoeveel collega's het hebben afgevinkt.",
  team_privacy = "De bestanden worden alleen in deze pagina gelezen: er wordt niets bewaard en niets verstuurd. Wil je het overzicht houden, exporteer het dan als CSV of druk het af.",
  team_choose = "Exportbestanden kiezen (meerdere tegelijk)",
  team_drop = "Of sleep de bestanden naar dit vak.",
  team_none = "Nog geen bestanden ingelezen.",
  team_read = "%d bestanden ingelezen; het overzicht telt nu %d bestanden.",
  team_refused_n = "%d bestanden geweigerd.",
  team_refused_title = "Niet ingelezen:",
  team_too_many = "Te veel bestanden tegelijk (meer dan %d).",
  team_moment = "Moment",
  team_moment_option = "%s (%d van %d bestanden)",
  team_moment_latest = "Per collega het laatst ingevulde moment",
  team_show_names = "Namen tonen",
  team_csv = "Exporteren als CSV",
  team_csv_done = "Het teamoverzicht is geëxporteerd als %s.",
  team_print = "Teamoverzicht afdrukken",
  team_clear = "Bestanden weghalen",
  team_cleared = "De bestanden zijn uit het overzicht gehaald.",
  team_heading = "%s: %d collega's",
  team_mixed = "Let op: dit overzicht mengt momenten: %s.",
  team_left = "%s telt niet mee: geen antwoorden bij %s.",
  team_colleague = "Collega %d",
  team_no_name = "(geen naam)",
  team_chart_label = "team, %d collega's",
  team_groups_caption = "Teamgemiddelde en spreiding per onderdeel",
  team_items_caption = "Per vraag: aantal antwoorden, verdeling van de scores, gemiddelde en spreiding",
  team_answers = "Antwoorden",
  team_answered = "Beantwoord",
  team_item = "Vraag",
  team_spread = "Spreiding",
  team_spread_mean = "Gem. spreiding",
  team_range = "Laagste–hoogste",
  team_lowest = "Laagst gescoord",
  team_disagreed = "Meeste verschil binnen het team",
  team_nothing = "Geen.",
  team_not_done = "Niet afgevinkt",
  team_files = "Bestanden",
  team_people = "Collega's",
  team_part = "Deel",
  team_number = "Nr.",
  team_pct_done = "Percentage afgevinkt",
  team_lowest_value = "Laagste",
  team_highest_value = "Hoogste",
  -- one form as one file (forms-single.js)
  single = "Formulier als één bestand downloaden",
  single_done = "Het formulier is opgeslagen als %s: één bestand dat je kunt mailen en los kunt openen.",
  single_failed = "Het formulier kon niet als één bestand worden gemaakt in deze browser.",
  single_note = "Dit formulier is één bestand uit %s. Je antwoorden blijven in deze browser; met Exporteren maak je een bestand voor het teamoverzicht.",
}

local DEFAULT_MOMENTS = { "Begin schooljaar", "Eind schooljaar" }
local KNOWN_KEYS = {
  id = true, type = true, scale = true, group_level = true, note = true, action = true,
  reflection = true, name_field = true, advice = true, moments = true,
}

function M.setup(site, options)
  local strings = options and options.strings
  if type(strings) == "table" then
    for k, v in pairs(strings) do
      if type(v) == "string" then S[k] = v end
    end
  end
end

-- ---------------------------------------------------------------- text

local function trim(s)
  return (s:gsub("^%s+", ""):gsub("%s+$", ""))
end

local function collapse(s)
  return trim((s:gsub("%s+", " ")))
end

-- What an id is made from: case, punctuation and spacing do not count, so
-- fixing a typo in a comma or re-wrapping a line keeps the answers.
local function normalise(s)
  return collapse((s:lower():gsub("%p", " ")))
end

-- "1. Verzamelen …" → "1", "A.1 Systematisch …" → "A.1", "A. Handelingsgericht …" → "A",
-- "Cluster 1 — …" → "Cluster 1"; nil when the heading has no number.
local function heading_label(title)
  local first = title:match("^(%S+)")
  if first then
    local bare = first:gsub("[%.:]$", "")
    if bare:match("%d") and bare:match("^[%w%.]+$") then return bare end
    if bare:match("^%u$") and first:match("%.$") then return bare end
  end
  local word, num = title:match("^(%a+)%s+(%d+)")
  if word then return word .. " " .. num end
  return nil
end

local function shorten(s, n)
  if #s <= n then return s end
  local cut = s:sub(1, n)
  cut = cut:gsub("[\128-\191]*$", "")             -- never split a UTF-8 sequence
  cut = cut:gsub("[%s,;:]+%S*$", "")              -- end at a word boundary
  return cut .. "…"
end

-- A sub-item's opening clause, the text of its heading item, kept short enough
-- to stand before the sub-item in a list of choices: the start and the end
-- (which leads into the sub-item, "… met als doel:"), the middle left out.
-- forms-definition.js (leadIn) does the same for what the scripts show.
local function lead_in(s)
  if #s <= 80 then return s end
  local head = s:sub(1, 50):gsub("[\128-\191]*$", ""):gsub("%s+%S*$", "")
  local tail = s:sub(-28):gsub("^[\128-\191]*", ""):gsub("^%S*%s+", "")
  return head .. " … " .. tail
end

local function dirname(path)
  return path:match("^(.*)/[^/]*$") or ""
end

-- "a/b/../c.md" → "a/c.md"
local function join(dir, rel)
  local parts = {}
  for seg in ((dir ~= "" and dir .. "/" or "") .. rel):gmatch("[^/]+") do
    if seg == ".." then
      parts[#parts] = nil
    elseif seg ~= "." then
      parts[#parts + 1] = seg
    end
  end
  return table.concat(parts, "/")
end

local function raw(html)
  return { type = "RawBlock", text = html }
end

local function fmt(s, ...)
  return (s:format(...))
end

-- ---------------------------------------------------------------- config

local function is_list(t)
  return type(t) == "table" and #t > 0
end

local function read_config(page)
  local f = page.meta.form
  local where = page.source
  if type(f) ~= "table" then
    wegwijzer.fail("`form:` must be a block of keys (id, type, …); see docs/forms.md")
  end
  for k in pairs(f) do
    if not KNOWN_KEYS[k] then
      wegwijzer.warn("unknown key form." .. tostring(k) .. " in the front matter (known: id, type, scale, group_level, "
        .. "note, action, reflection, name_field, moments, advice; see docs/forms.md)")
    end
  end
  local c = {}
  c.id = f.id
  if type(c.id) ~= "string" or not c.id:match("^[a-z0-9][a-z0-9%-]*$") then
    wegwijzer.fail("form.id must be lowercase letters, digits and hyphens, e.g. `id: c1-competenties`; it is the "
      .. "key the answers are stored under, so never change it once published")
  end
  c.type = f.type or "scale"
  if c.type ~= "scale" and c.type ~= "checklist" then
    wegwijzer.fail("form.type must be `scale` or `checklist`, not `" .. tostring(c.type) .. "`")
  end
  if c.type == "scale" then
    if not is_list(f.scale) or #f.scale < 2 then
      wegwijzer.fail("a scale form needs `scale:` with at least two labels, e.g. [Onvoldoende, Matig, Voldoende, Goed]")
    end
    c.scale = {}
    for i, l in ipairs(f.scale) do c.scale[i] = tostring(l) end
  elseif f.scale ~= nil then
    wegwijzer.warn("form.scale is ignored for a checklist")
  end
  c.group_level = f.group_level or 2
  if math.type(c.group_level) ~= "integer" or c.group_level < 1 or c.group_level > 6 then
    wegwijzer.fail("form.group_level must be a heading level from 1 to 6 (2 for `##` groups)")
  end
  for _, k in ipairs({ "note", "action", "reflection" }) do
    local v = f[k]
    if v ~= nil and type(v) ~= "boolean" then wegwijzer.fail("form." .. k .. " must be true or false") end
    c[k] = v == true
  end
  if c.type == "checklist" and (c.action or c.reflection) then
    wegwijzer.warn("form.action and form.reflection only apply to scale forms")
    c.action, c.reflection = false, false
  end
  if f.name_field ~= nil then
    if type(f.name_field) ~= "string" or f.name_field == "" then
      wegwijzer.fail("form.name_field must be the label of the name field, e.g. `name_field: Naam begeleider`")
    end
    c.name_field = f.name_field
  end
  c.moments = {}
  if f.moments ~= nil then
    if not is_list(f.moments) then
      wegwijzer.fail("form.moments must be a list of names, e.g. [Begin schooljaar, Eind schooljaar]")
    end
    local seen = {}
    for _, m in ipairs(f.moments) do
      local name = tostring(m)
      local key = wegwijzer.slug(name)
      if key == "" or seen[key] then
        wegwijzer.fail("form.moments: every moment needs its own name (\"" .. name .. "\" is empty or repeated)")
      end
      seen[key] = true
      c.moments[#c.moments + 1] = { id = key, label = name }
    end
  else
    for _, name in ipairs(DEFAULT_MOMENTS) do c.moments[#c.moments + 1] = { id = wegwijzer.slug(name), label = name } end
  end
  if f.advice ~= nil then
    if c.type ~= "scale" then wegwijzer.fail("form.advice only works with a scale form") end
    c.advice = f.advice
  end
  return c, where
end

-- Advice rules from the front matter, checked, with labels and links filled in.
local function read_advice(a, page, cfg)
  if type(a) ~= "table" then wegwijzer.fail("form.advice must be a block with `rules:`; see docs/forms.md") end
  local basis = a.basis or "average"
  if basis ~= "average" then
    wegwijzer.fail("form.advice.basis must be `average` (the mean of all scored items); `" .. tostring(basis)
      .. "` is not supported")
  end
  if not is_list(a.rules) then wegwijzer.fail("form.advice.rules must be a list of {min, trajectory, text}") end
  local labels = {}
  if a.data ~= nil then
    local ok, data = pcall(wegwijzer.data, tostring(a.data))
    if not ok then wegwijzer.fail("form.advice.data: " .. tostring(data)) end
    for _, t in ipairs(type(data.trajectories) == "table" and data.trajectories or {}) do
      if t.id then labels[t.id] = t.label or t.id end
    end
  end
  local out = { basis = basis, rules = {}, note = a.note and tostring(a.note) or nil }
  local max = #cfg.scale
  local prev = math.huge
  for i, r in ipairs(a.rules) do
    if type(r) ~= "table" or type(r.min) ~= "number" then
      wegwijzer.fail("form.advice.rules[" .. i .. "] needs a number `min:` (the lowest average it applies to)")
    end
    if r.min > prev then
      wegwijzer.fail("form.advice.rules must go from the highest `min` to the lowest (rule " .. i .. " has min "
        .. r.min .. " after " .. prev .. ")")
    end
    if r.min < 0 or r.min > max then
      wegwijzer.fail("form.advice.rules[" .. i .. "].min is " .. r.min .. ", outside the scale 1–" .. max)
    end
    prev = r.min
    local traj = r.trajectory and tostring(r.trajectory) or nil
    if traj and a.data ~= nil and not labels[traj] then
      wegwijzer.fail("form.advice.rules[" .. i .. "].trajectory `" .. traj .. "` is not an id in " .. tostring(a.data))
    end
    if type(r.text) ~= "string" or r.text == "" then
      wegwijzer.fail("form.advice.rules[" .. i .. "] needs a `text:` that explains the advice")
    end
    local rule = { min = r.min, trajectory = traj, label = traj and (labels[traj] or traj) or nil, text = r.text }
    if a.link ~= nil and traj then
      local link = tostring(a.link):gsub("{trajectory}", traj)
      local path, anchor = link:match("^([^#]*)(#?.*)$")
      local ok, url = pcall(wegwijzer.url, join(dirname(page.path), path))
      if not ok then wegwijzer.fail("form.advice.link: " .. tostring(url)) end
      rule.url = url .. anchor
    end
    out.rules[#out.rules + 1] = rule
  end
  return out
end

-- ---------------------------------------------------------------- the document

local function heading_text(h)
  return collapse(wegwijzer.text(h))
end

local function is_reflection_heading(h, level)
  if h.level ~= level then return nil end
  local t = normalise(heading_text(h))
  if t == "kracht kans" or t == "kracht en kans" then return "kracht" end
  if t == "leervraag intervisie" or t == "leervraag" then return "leervraag" end
  return nil
end

-- A paragraph that starts with **Kracht.** or **Kans.**
local function prompt_of(node)
  if node.type ~= "Paragraph" then return nil end
  local first = (node.children or {})[1]
  if not first or first.type ~= "Strong" then return nil end
  local t = normalise(wegwijzer.text(first))
  if t == "kracht" or t == "kans" then return t end
  return nil
end

-- Splits a list item into its first paragraph, other blocks and a nested list.
local function split_item(item)
  local lead, extra, sub
  for _, c in ipairs(item.children or {}) do
    if c.type == "Paragraph" and not lead then
      lead = c
    elseif c.type == "List" and not sub and lead then
      sub = c
    else
      extra = extra or {}
      extra[#extra + 1] = c
    end
  end
  return lead, extra or {}, sub
end

-- "1 — Niet" → "1", "Niet"; "Matig" (3rd) → "3", "Matig"; "2" → "2", "".
local function split_scale_label(label, value)
  for _, sep in ipairs({ "—", "–", "%-", ":" }) do
    local num, rest = label:match("^(%d+)%s*" .. sep .. "%s*(.+)$")
    if num then return num, rest end
  end
  if label:match("^%d+$") then return label, "" end
  return tostring(value), label
end

local function Builder(page, cfg)
  local B = {
    fid = cfg.id,
    base = "ww-" .. cfg.id,
    groups = {},
    parts = {},
    items = {},
    ids = {},
    texts = {},
    out = {},
  }

  function B.emit(node) B.out[#B.out + 1] = node end

  function B.emit_inlines(nodes)
    for _, n in ipairs(nodes or {}) do B.emit(n) end
  end

  function B.new_id(group, text, parent_text, line)
    local key = group.key
    local function make(s) return (key and key .. "-" or "") .. wegwijzer.hash(s) end
    local n = normalise(text)
    if n == "" then wegwijzer.fail("an item in \"" .. group.title .. "\" has no text", line) end
    local seen = group.id .. "|" .. (parent_text and normalise(parent_text) or "") .. "|" .. n
    if B.texts[seen] then
      wegwijzer.fail("the item \"" .. shorten(text, 60) .. "\" appears twice in \"" .. group.title
        .. "\"; items of a form need different texts", line)
    end
    B.texts[seen] = true
    local id = make(n)
    if B.ids[id] and parent_text then id = make(normalise(parent_text) .. "|" .. n) end
    if B.ids[id] then id = make(normalise(group.title) .. "|" .. n) end
    if B.ids[id] then
      wegwijzer.fail("the item \"" .. shorten(text, 60) .. "\" appears twice in \"" .. group.title
        .. "\"; items of a form need different texts", line)
    end
    B.ids[id] = true
    return id
  end

  function B.scale_controls(iid, dom)
    local h = { '<div class="rating__options">' }
    for v, label in ipairs(cfg.scale) do
      local num, rest = split_scale_label(label, v)
      h[#h + 1] = fmt('<label class="rating__option"><input type="radio" name="%s" id="%s-%d" value="%d" '
        .. 'data-ww-item="%s" data-ww-field="score"><span class="rating__box">'
        .. '<span class="rating__value">%s</span>%s</span></label>',
        dom, dom, v, v, iid, esc(num), rest ~= "" and ' <span class="rating__label">' .. esc(rest) .. "</span>" or "")
    end
    h[#h + 1] = "</div>"
    return table.concat(h)
  end

  function B.note_control(iid, dom, describedby)
    return fmt('<div class="ww-note"><label class="ww-note__label" for="%s-note">%s</label>'
      .. '<textarea id="%s-note" rows="2" data-ww-item="%s" data-ww-field="note" autocomplete="off"%s></textarea>'
      .. '<div class="ww-print-text" data-ww-mirror="%s-note" hidden></div></div>',
      dom, esc(S.note), dom, iid, describedby and fmt(' aria-describedby="%s"', describedby) or "", dom)
  end

  -- One scorable item: its controls around its own inline nodes.
  function B.item(group, lead, extra, number, parent, line)
    local text = collapse(wegwijzer.text(lead))
    local iid = B.new_id(group, text, parent and parent.text, line)
    local dom = B.base .. "-" .. iid
    B.items[#B.items + 1] = {
      id = iid, group = group.id, number = number, text = text, parent = parent and parent.id or nil,
      lead = parent and parent.text or nil,  -- shown before the text wherever the item stands alone
    }
    local num_html = number and fmt('<span class="rating__number">%s</span>', esc(number .. (parent and "" or ".")))
      or ""
    if parent and number then num_html = "" end  -- a sub-item's "6a" is for tables; the page keeps its bullet
    if cfg.type == "checklist" then
      B.emit(raw(fmt('<li class="ww-item check-item" id="%s" data-ww-item="%s"><label class="choice">'
        .. '<input type="checkbox" id="%s-done" data-ww-item="%s" data-ww-field="done">'
        .. '<span class="ww-item__text" id="%s-text">%s', dom, iid, dom, iid, dom, num_html)))
      B.emit_inlines(lead.children)
      B.emit(raw("</span></label>"))
      B.emit_inlines(extra)
      if cfg.note then B.emit(raw(B.note_control(iid, dom, dom .. "-text"))) end
      B.emit(raw("</li>"))
      return
    end
    local described = parent and fmt(' aria-describedby="%s-lead"', B.base .. "-" .. parent.id) or ""
    B.emit(raw(fmt('<li class="ww-item" id="%s" data-ww-item="%s"><fieldset class="rating ww-item__set"%s>'
      .. '<legend class="rating__statement">%s', dom, iid, described, num_html)))
    B.emit_inlines(lead.children)
    B.emit(raw("</legend>"))
    B.emit_inlines(extra)
    local h = { B.scale_controls(iid, dom) }
    if cfg.action or cfg.note then
      h[#h + 1] = '<div class="ww-item__extra">'
      if cfg.action then
        h[#h + 1] = fmt('<label class="choice ww-action"><input type="checkbox" id="%s-action" '
          .. 'data-ww-item="%s" data-ww-field="action"><span>%s</span></label>', dom, iid, esc(S.action))
      end
      if cfg.note then h[#h + 1] = B.note_control(iid, dom) end
      h[#h + 1] = "</div>"
    end
    h[#h + 1] = "</fieldset></li>"
    B.emit(raw(table.concat(h)))
  end

  -- A list in a group: every item is scored, or, with a nested list, is a
  -- heading item whose sub-items are scored.
  function B.list(group, list)
    local tag = list.ordered and "ol" or "ul"
    local start = list.ordered and (list.start or 1) or nil
    B.emit(raw(fmt('<%s class="ww-items%s"%s>', tag, cfg.type == "scale" and " rating-group" or "",
      start and start ~= 1 and fmt(' start="%d"', start) or "")))
    for i, item in ipairs(list.children or {}) do
      local lead, extra, sub = split_item(item)
      if not lead then
        wegwijzer.fail("a list item in \"" .. group.title .. "\" does not start with text", item.line or list.line)
      end
      if item.task then
        wegwijzer.warn("form items are plain list items; write `- text`, not `- [ ] text`", item.line)
      end
      local number = start and tostring(start + i - 1) or nil
      if sub and #(sub.children or {}) > 0 then
        local text = collapse(wegwijzer.text(lead))
        local pid = B.new_id(group, text, nil, item.line)
        local parent = { id = pid, text = text }
        B.items[#B.items + 1] = { id = pid, group = group.id, number = number, text = text, heading = true }
        local dom = B.base .. "-" .. pid
        B.emit(raw(fmt('<li class="ww-item ww-item--parent" id="%s"><p class="ww-item__lead" id="%s-lead">%s',
          dom, dom, number and fmt('<span class="rating__number">%s.</span>', esc(number)) or "")))
        B.emit_inlines(lead.children)
        B.emit(raw("</p>"))
        B.emit_inlines(extra)
        B.emit(raw(fmt('<ul class="ww-subitems%s">', cfg.type == "scale" and " rating-group" or "")))
        for j, subitem in ipairs(sub.children) do
          local slead, sextra, ssub = split_item(subitem)
          if not slead then
            wegwijzer.fail("a sub-item in \"" .. group.title .. "\" does not start with text", subitem.line)
          end
          if ssub then sextra[#sextra + 1] = ssub end  -- deeper lists stay text
          local letter = string.char(96 + ((j - 1) % 26) + 1)
          B.item(group, slead, sextra, number and number .. letter or nil, parent, subitem.line)
        end
        B.emit(raw("</ul></li>"))
      else
        if sub then extra[#extra + 1] = sub end
        B.item(group, lead, extra, number, nil, item.line)
      end
    end
    B.emit(raw(fmt("</%s>", tag)))
  end

  return B
end

-- ---------------------------------------------------------------- reflection fields

local function kracht_html(base)
  return fmt('<div class="field ww-reflect"><label class="field__label" for="%s-kracht">%s</label>'
    .. '<textarea id="%s-kracht" rows="4" data-ww-field="kracht" autocomplete="off"></textarea>'
    .. '<div class="ww-print-text" data-ww-mirror="%s-kracht" hidden></div></div>', base, esc(S.kracht), base, base)
end

local function kans_html(base, groups, items)
  local options = { fmt('<option value="">%s</option>', esc(S.kans_none)) }
  for _, g in ipairs(groups) do
    options[#options + 1] = fmt('<optgroup label="%s">', esc(shorten(g.title, 80)))
    for _, it in ipairs(items) do
      if it.group == g.id and not it.heading then
        -- A sub-item keeps its opening clause: alone, "vast te stellen welke doelen …" says little.
        local label = (it.number and it.number .. ". " or "") .. (it.lead and lead_in(it.lead) .. " " or "") .. it.text
        options[#options + 1] = fmt('<option value="%s">%s</option>', esc(it.id),
          esc(shorten(label, it.lead and 170 or 110)))
      end
    end
    options[#options + 1] = "</optgroup>"
  end
  local opts = table.concat(options)
  local h = { fmt('<fieldset class="ww-kans"><legend>%s</legend>', esc(S.kans)) }
  for k = 1, 3 do
    local id = fmt("%s-kans-%d", base, k)
    h[#h + 1] = fmt('<fieldset class="ww-kans__point"><legend>%s</legend>'
      .. '<div class="field"><label class="field__label" for="%s-item">%s</label>'
      .. '<select id="%s-item" data-ww-field="kans-item" data-ww-slot="%d" autocomplete="off">%s</select></div>'
      .. '<div class="field"><label class="field__label" for="%s-text">%s</label>'
      .. '<input type="text" id="%s-text" data-ww-field="kans-text" data-ww-slot="%d" autocomplete="off"></div>'
      .. '<div class="ww-print-text" data-ww-mirror="%s" hidden></div></fieldset>',
      esc(fmt(S.kans_point, k)), id, esc(S.kans_pick), id, k, opts, id, esc(S.kans_text), id, k, id)
  end
  h[#h + 1] = "</fieldset>"
  return table.concat(h)
end

local function leervraag_html(base)
  local h = { fmt('<fieldset class="ww-leervraag"><legend>%s</legend>', esc(S.leervraag_pick)) }
  for k = 1, 3 do
    h[#h + 1] = fmt('<label class="choice"><input type="radio" name="%s-leervraag-keuze" '
      .. 'id="%s-leervraag-%d" value="%d" data-ww-field="leervraag-keuze"><span>%s'
      .. '<span class="ww-leervraag__point" data-ww-point="%d"></span></span></label>',
      base, base, k, k, esc(fmt(S.kans_point, k)), k)
  end
  h[#h + 1] = fmt('</fieldset><div class="field ww-reflect"><label class="field__label" for="%s-leervraag">%s</label>'
    .. '<textarea id="%s-leervraag" rows="3" data-ww-field="leervraag" autocomplete="off"></textarea>'
    .. '<div class="ww-print-text" data-ww-mirror="%s-leervraag" hidden></div></div>', base, esc(S.leervraag), base, base)
  return table.concat(h)
end

-- ---------------------------------------------------------------- hooks

local seen_ids = {}

-- Runs once per page in the main state: form ids must be unique on the site.
local form_pages = {} -- page urls, in reading order, for finish

function M.page(page)
  local f = page.meta and page.meta.form
  if type(f) == "table" then form_pages[#form_pages + 1] = page.url end
  if type(f) == "table" and type(f.id) == "string" then
    local other = seen_ids[f.id]
    if other and other ~= page.source then
      wegwijzer.fail("form id \"" .. f.id .. "\" is also used by " .. other .. "; every form needs its own id, "
        .. "because answers are stored under it")
    end
    seen_ids[f.id] = page.source
  end
end

function M.Document(doc, page)
  local cfg = read_config(page)
  local level = cfg.group_level
  local children = doc.children or {}

  -- Pass 1: where the form starts (first part or group heading), which
  -- headings are groups with items, and where the results go (after the last
  -- group with items).
  local first_heading, last_items_end
  local in_group, group_has_items, group_start = false, false, nil
  local reflection_at = {}
  for i, n in ipairs(children) do
    if n.type == "Heading" and n.level <= level then
      if in_group and group_has_items then last_items_end = i end
      local refl = cfg.reflection and is_reflection_heading(n, level) or nil
      if refl then
        reflection_at[refl] = i
        in_group = false
      else
        if not first_heading and n.level >= 2 then first_heading = i end
        in_group = n.level == level
      end
      group_has_items = false
    elseif n.type == "List" and in_group and #(n.children or {}) > 0 then
      group_has_items = true
    end
  end
  if in_group and group_has_items then last_items_end = #children + 1 end
  if not last_items_end then
    wegwijzer.fail("this form has no items: write the items as list items under headings of level " .. level
      .. " (" .. string.rep("#", level) .. " …), or set form.group_level")
  end

  local B = Builder(page, cfg)
  local advice = cfg.advice and read_advice(cfg.advice, page, cfg) or nil

  -- Pass 2: rebuild the children.
  local part, group
  local section -- "kracht" | "leervraag" while inside those sections
  local placed = {}
  local function close_section()
    if section == "kracht" then
      if not placed.kracht then B.emit(raw("@@ww:kracht")) end
      if not placed.kans then B.emit(raw("@@ww:kans")) end
    elseif section == "leervraag" then
      B.emit(raw("@@ww:leervraag"))
    end
    section = nil
  end
  for i, n in ipairs(children) do
    if i == first_heading then B.emit(raw("@@ww:header")) end
    if i == last_items_end then B.emit(raw("@@ww:results")) end
    if n.type == "Heading" and n.level <= level then
      close_section()
      local refl = cfg.reflection and is_reflection_heading(n, level) or nil
      group = nil
      if refl then
        section = refl
      elseif n.level == level then
        local title = heading_text(n)
        local label = heading_label(title)
        group = {
          id = label and wegwijzer.slug(label) or wegwijzer.slug(title),
          key = label and wegwijzer.slug(label) or nil,
          title = title, label = label, anchor = n.id, part = part and part.id or nil,
        }
        if group.id == "" then group.id = "g" .. wegwijzer.hash(title) end
      elseif n.level >= 2 then
        local title = heading_text(n)
        local label = heading_label(title)
        part = { id = label and wegwijzer.slug(label) or wegwijzer.slug(title), title = title, label = label,
          anchor = n.id }
        B.parts[#B.parts + 1] = part
      end
      B.emit(n)
      if group then group.pending = true end
    elseif n.type == "List" and group and #(n.children or {}) > 0 then
      if group.pending then
        for _, g in ipairs(B.groups) do
          if g.id == group.id then
            wegwijzer.fail("two groups have the label \"" .. (group.label or group.title) .. "\"; give every "
              .. "group heading its own number or title", n.line)
          end
        end
        B.groups[#B.groups + 1] = group
        group.pending = nil
      end
      B.list(group, n)
    else
      B.emit(n)
      if section == "kracht" then
        local p = prompt_of(n)
        if p == "kracht" and not placed.kracht then
          B.emit(raw("@@ww:kracht"))
          placed.kracht = true
        elseif p == "kans" and not placed.kans then
          B.emit(raw("@@ww:kans"))
          placed.kans = true
        end
      end
    end
  end
  close_section()
  if last_items_end == #children + 1 then B.emit(raw("@@ww:results")) end
  if cfg.reflection then
    if not reflection_at.kracht then
      B.emit({ type = "Heading", level = 2, children = { { type = "Text", text = S.kracht_heading } } })
      B.emit(raw("@@ww:kracht"))
      B.emit(raw("@@ww:kans"))
    end
    if not reflection_at.leervraag then
      B.emit({ type = "Heading", level = 2, children = { { type = "Text", text = S.leervraag_heading } } })
      B.emit(raw("@@ww:leervraag"))
    end
  end

  -- The definition forms.js works from.
  local groups = {}
  for _, g in ipairs(B.groups) do
    groups[#groups + 1] = { id = g.id, title = g.title, label = g.label, anchor = g.anchor, part = g.part }
  end
  local used_parts = {}
  for _, g in ipairs(B.groups) do if g.part then used_parts[g.part] = true end end
  local parts = {}
  for _, p in ipairs(B.parts) do
    if used_parts[p.id] then parts[#parts + 1] = { id = p.id, title = p.title, label = p.label, anchor = p.anchor } end
  end
  local privacy
  do
    local target = (wegwijzer.config and wegwijzer.config.privacy_page) or "over/privacy.md"
    local ok, url = pcall(wegwijzer.url, target)
    if ok then privacy = url end
  end
  local def = {
    schema = 1,
    id = cfg.id,
    title = page.title,
    type = cfg.type,
    scale = cfg.scale,
    note = cfg.note,
    action = cfg.action,
    reflection = cfg.reflection,
    name_field = cfg.name_field,
    moments = cfg.moments,
    parts = parts,
    groups = groups,
    items = B.items,
    advice = advice,
    privacy_url = privacy,
    lang = (wegwijzer.site and wegwijzer.site.language) or "nl",
    strings = S,
  }

  local base = B.base
  local header = { fmt('<div class="ww-form" id="%s" data-ww-form="%s">', base, esc(cfg.id)),
    fmt('<script type="application/json" id="%s-def">%s</script>', base, wegwijzer.json(def)),
    fmt('<noscript><p class="ww-form__noscript">%s</p></noscript>', esc(S.noscript)) }
  if cfg.name_field then
    header[#header + 1] = fmt('<div class="field ww-form__name"><label class="field__label" for="%s-name">%s</label>'
      .. '<input type="text" id="%s-name" data-ww-field="name" autocomplete="off"></div>',
      base, esc(cfg.name_field), base)
  end
  header[#header + 1] = fmt('<div class="ww-form__panel" id="%s-panel" hidden></div></div>', base)

  local fill = {
    ["@@ww:header"] = table.concat(header),
    ["@@ww:results"] = fmt('<div class="ww-form__results" id="%s-results" hidden></div>', base),
    ["@@ww:kracht"] = kracht_html(base),
    ["@@ww:kans"] = kans_html(base, B.groups, B.items),
    ["@@ww:leervraag"] = leervraag_html(base),
  }
  for _, n in ipairs(B.out) do
    if n.type == "RawBlock" and fill[n.text] then n.text = fill[n.text] end
  end

  doc.children = B.out
  for _, script in ipairs(FORM_SCRIPTS) do wegwijzer.use_script(script) end
  wegwijzer.use_style("assets/forms.css")
  wegwijzer.use_style("assets/forms-team.css")
  return doc
end

-- The text of the published stylesheets of a form page and of the forms
-- scripts, as assets/forms-sources.js, for forms-single.js: a page on
-- file:// cannot read its own files, so a single-file form is made from
-- these. Read back from the output, so a theme or overlay's files are the
-- ones inlined.
function M.finish(site)
  local url = form_pages[1]
  if not url then return end
  local ok, html = pcall(wegwijzer.read_output, url)
  if not ok then return end
  local dir = dirname(url)
  local sources = { styles = {}, scripts = {} }
  for tag in html:gmatch("<link%s[^>]*>") do
    local href = tag:match('href="([^"]+)"')
    if tag:match('rel="stylesheet"') and href and not href:match("^%a[%w+.-]*:") and not href:match("^//") then
      local path = join(dir, (href:gsub("[?#].*$", "")))
      local found, text = pcall(wegwijzer.read_output, path)
      if found then sources.styles[#sources.styles + 1] = { path = path, text = text } end
    end
  end
  for _, path in ipairs(FORM_SCRIPTS) do
    if path ~= SINGLE_SCRIPT then
      local found, text = pcall(wegwijzer.read_output, path)
      -- A theme without the forms scripts has no working forms either; the
      -- download button then says it cannot make the file.
      if not found then return end
      sources.scripts[#sources.scripts + 1] = { path = path, text = text }
    end
  end
  wegwijzer.write_file(SOURCES_FILE, "/* Written by plugins/form.lua for forms-single.js: the text of the forms' "
    .. "stylesheets and scripts. */\nwindow.Wegwijzer = window.Wegwijzer || {};\nwindow.Wegwijzer.formSources = "
    .. wegwijzer.json(sources) .. ";\n")
end

return M
