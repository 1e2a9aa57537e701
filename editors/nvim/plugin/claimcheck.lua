-- Commands only: the server starts from `require('claimcheck').setup()` or
-- `vim.lsp.enable('claimcheck')`, so that loading the plugin does nothing else.
if vim.g.loaded_claimcheck then
  return
end
vim.g.loaded_claimcheck = true

vim.api.nvim_create_user_command('ClaimcheckSources', function()
  require('claimcheck').show_sources()
end, { desc = 'claimcheck: show the evidence for the claim under the cursor' })

vim.api.nvim_create_user_command('ClaimcheckRestart', function()
  require('claimcheck').restart()
end, { desc = 'claimcheck: restart the language server' })
