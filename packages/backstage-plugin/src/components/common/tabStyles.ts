import { makeStyles } from '@material-ui/core';

/**
 * Inner tabs with the look of Backstage's page tabs (core-components' HeaderTabs): caption type in upper case and
 * bold, secondary colour until selected; tighter on a phone, where the labels may wrap.
 */
export const useTabStyles = makeStyles(theme => ({
  tab: {
    ...theme.typography.caption,
    textTransform: 'uppercase',
    fontWeight: theme.typography.fontWeightBold as number,
    color: theme.palette.text.secondary,
    padding: theme.spacing(2, 3),
    minWidth: 0,
    '&:hover': {
      backgroundColor: theme.palette.background.default,
      color: theme.palette.text.primary,
    },
    [theme.breakpoints.down('xs')]: {
      padding: theme.spacing(1.5, 0.5),
      lineHeight: 1.3,
    },
  },
  selected: { color: theme.palette.text.primary },
}));
