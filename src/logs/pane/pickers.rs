//! The Logs pane's pickers: log groups and saved queries.

use super::*;

impl LogsPane {
    pub fn open_groups(&mut self, req: u64) -> Vec<LogsWork> {
        let mut picker = GroupPicker::new(self.groups.clone(), self.recent_groups());
        picker.own_account = self.account.clone();
        self.overlay = Some(Overlay::Groups(Box::new(picker)));
        vec![LogsWork::LoadGroups { req, prefix: None }]
    }

    pub fn groups_loaded(&mut self, result: Result<Vec<LogGroup>, AwsError>) {
        if let Some(Overlay::Groups(picker)) = &mut self.overlay {
            match result {
                Ok(groups) => picker.add(groups),
                Err(e) => picker.failed(e.message),
            }
        }
    }

    /// The picker's choice becomes the query's log groups.
    pub fn choose_groups(&mut self) {
        if let Some(Overlay::Groups(picker)) = self.overlay.take() {
            self.group_info = picker
                .chosen
                .iter()
                .filter_map(|id| picker.chosen_group(id).cloned())
                .collect();
            self.groups = picker.chosen;
        }
    }

    pub fn open_saved(&mut self, req: u64) -> Vec<LogsWork> {
        self.overlay = Some(Overlay::Saved(SavedPicker {
            items: self.configured.clone(),
            loading: true,
            ..SavedPicker::default()
        }));
        vec![LogsWork::LoadSaved { req }]
    }

    pub fn saved_loaded(&mut self, result: Result<Vec<SavedQuery>, AwsError>) {
        if let Some(Overlay::Saved(picker)) = &mut self.overlay {
            picker.loading = false;
            match result {
                Ok(saved) => picker.items.extend(saved),
                Err(e) => picker.error = Some(e.message),
            }
        }
    }

    /// The highlighted saved query goes into the editor (and its log groups, if it has any).
    pub fn choose_saved(&mut self) {
        if let Some(Overlay::Saved(picker)) = self.overlay.take()
            && let Some(saved) = picker.items.get(picker.cursor.selected)
        {
            self.editor.set_text(&saved.query);
            if !saved.log_groups.is_empty() {
                self.groups = saved.log_groups.clone();
                self.group_info.clear();
            }
        }
    }
}
