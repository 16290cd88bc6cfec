// starter: what `wegwijzer new` writes — a new site copied from the
// built-in starter (themes/default/starter/), and a new page from an
// archetype (a page template the site may override, as Hugo's archetypes).
//
// Neither ever overwrites a file: a new site goes only into a new or empty
// folder, a new page only where no file is.
#pragma once

#include <string>
#include <vector>

#include "disk.h"
#include "site/config.h"
#include "site/overlays.h"
#include "slug.h"  // TitleFromFileName

namespace ww {

// Copies every file of starter_dir (its .gitignore too) into dir, which must
// not exist or be empty. *written: the files made, relative to dir.
bool NewSite(Disk& disk, const std::string& starter_dir, const std::string& dir, std::vector<std::string>* written,
             std::string* err);

// Writes the page `path` ("rol/taken.md", relative to the site's own content
// folder, the last of [content] sources; ".md" added when missing) from the
// first archetype found: SITE/archetypes/SECTION.md, SITE/archetypes/default.md,
// then the theme's archetypes/SECTION.md and archetypes/default.md (any
// layer). In it, {{title}} becomes a title made of the file name
// ("eerste-week" → "Eerste week"), {{date}} `today`, {{section}} the top folder.
// *written: the file made, relative to the site folder.
bool NewPage(Disk& disk, const std::string& site_dir, const SiteConfig& config, const ThemeFiles& theme,
             const std::string& path, const std::string& today, std::string* written, std::string* err);

}  // namespace ww
