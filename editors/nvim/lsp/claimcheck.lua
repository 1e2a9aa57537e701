-- claimcheck's language server for Neovim 0.11+ (`:help lsp-config`):
-- with this folder on 'runtimepath', `vim.lsp.enable('claimcheck')` is enough.
-- Settings go under `settings.claimcheck` (`sources`, `severities`,
-- `debounceMs`); the server also reads them from `init_options`.

---@type vim.lsp.Config
return require('claimcheck').config()
