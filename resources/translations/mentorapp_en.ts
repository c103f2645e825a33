<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Busy</name>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="57"/>
        <source>Working</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseloadModel</name>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="53"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="54"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="55"/>
        <source>Setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="56"/>
        <source>Last contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="57"/>
        <source>Next meeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="58"/>
        <source>Open concerns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="59"/>
        <source>Overdue actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/models.py" line="126"/>
        <source>%n open safeguarding concern(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaseloadPage</name>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="92"/>
        <source>Caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="93"/>
        <source>&amp;Add mentee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="100"/>
        <source>Safeguarding alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="106"/>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="107"/>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="108"/>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="109"/>
        <source>Everyone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="113"/>
        <source>Any setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="115"/>
        <source>Prison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="116"/>
        <source>Community</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="117"/>
        <source>Probation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="118"/>
        <source>Approved premises / hostel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="119"/>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="122"/>
        <source>&amp;Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="124"/>
        <source>S&amp;etting:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="126"/>
        <source>Show mentees with status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="127"/>
        <source>Show mentees in setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="141"/>
        <source>Mentees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="165"/>
        <source>%1 open safeguarding concern(s) for %2 mentee(s): see the Open concerns column.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="176"/>
        <source>%1 shown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckInChart</name>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="195"/>
        <source>Outcome check-ins chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="208"/>
        <location filename="../../mentorapp/ui/pages.py" line="219"/>
        <source>No check-ins yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="71"/>
        <source>Problem with %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="91"/>
        <location filename="../../mentorapp/ui/forms.py" line="100"/>
        <source>not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="99"/>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="109"/>
        <source>— choose —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="141"/>
        <source>HH:MM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="144"/>
        <source>0.00</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRun</name>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="87"/>
        <source>Set up mentorapp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="96"/>
        <source>Welcome to mentorapp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="100"/>
        <source>mentorapp keeps your mentoring records on this laptop, locked with a passphrase only you know. It works with no internet at all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="108"/>
        <source>You can start on your own now. If your organisation gives you an enrolment code, you can join it later and your records will sync to your supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="113"/>
        <source>&amp;Start on this laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="114"/>
        <source>Start on this laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="117"/>
        <source>Join an organisation (after setting up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="119"/>
        <source>Joining comes after your profile is set up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="129"/>
        <source>Choose a passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="133"/>
        <source>A passphrase is like a password, but longer: three or four words you will remember, such as &apos;kettle river purple saturday&apos;. Nobody, not even your supervisor, can get it back for you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="140"/>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="141"/>
        <source>Type it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="142"/>
        <source>&amp;Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="143"/>
        <source>&amp;Type it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="145"/>
        <source>S&amp;how what I type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="149"/>
        <source>Passphrase strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="154"/>
        <source>&amp;Create my profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="173"/>
        <source>The two do not match yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="185"/>
        <source>Creating your profile and its keys…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="205"/>
        <source>Write down your recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="209"/>
        <source>If you ever forget your passphrase, this key is the only way back in. Write it on paper now and keep it somewhere safe, away from this laptop. It will not be shown again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="221"/>
        <source>Recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="225"/>
        <source>Last group of the recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="227"/>
        <source>To check, type its &amp;last four characters:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="229"/>
        <source>I have &amp;written it down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="232"/>
        <source>&amp;Continue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/forms.py" line="446"/>
        <source>Please fix the %n highlighted answer(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MenteePage</name>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="283"/>
        <source>← &amp;Caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="288"/>
        <source>&amp;Edit details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="290"/>
        <source>New &amp;one-to-one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="303"/>
        <source>Mentee details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="305"/>
        <location filename="../../mentorapp/ui/pages.py" line="308"/>
        <source>Goals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="311"/>
        <location filename="../../mentorapp/ui/pages.py" line="314"/>
        <source>Referrals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="317"/>
        <source>How things are going (check-ins)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="325"/>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="330"/>
        <source>Timeline, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="360"/>
        <source>given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="360"/>
        <source>NOT given</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MentorWindow</name>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="163"/>
        <location filename="../../mentorapp/ui/app.py" line="164"/>
        <source>mentorapp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="211"/>
        <source>&amp;Resume it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="212"/>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="252"/>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="257"/>
        <source>Caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="260"/>
        <source>This week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="262"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="263"/>
        <source>Quick log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="265"/>
        <source>New one-to-one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="268"/>
        <source>New group activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="271"/>
        <source>New leisure activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="274"/>
        <source>Add mentee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="276"/>
        <source>Lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="277"/>
        <source>Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="278"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="283"/>
        <location filename="../../mentorapp/ui/app.py" line="288"/>
        <source>New contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="286"/>
        <source>&amp;New contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="302"/>
        <source>Profile: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="304"/>
        <source>Offline: not joined to an organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="305"/>
        <source>Sync status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="322"/>
        <source>Unlocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="322"/>
        <source>Locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="383"/>
        <source>mentorapp could not open your profile: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="393"/>
        <location filename="../../mentorapp/ui/app.py" line="530"/>
        <source>Building the search index…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="398"/>
        <source>%1 records searchable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/app.py" line="527"/>
        <source>%n result(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="563"/>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="565"/>
        <source>Not saved, your answers are kept as a draft: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="577"/>
        <source>Edit: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="602"/>
        <source>Saved %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="606"/>
        <source>Saved. A safeguarding concern was raised for your supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="617"/>
        <source>Contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="644"/>
        <source>You have an unsaved %1 from %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuickLogDialog</name>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="461"/>
        <location filename="../../mentorapp/ui/pages.py" line="462"/>
        <source>Quick log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="467"/>
        <source>— choose —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="470"/>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="473"/>
        <source>Met in person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="474"/>
        <source>Phone call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="475"/>
        <source>Video call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="476"/>
        <source>Coffee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="477"/>
        <source>Walk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="480"/>
        <source>What kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="485"/>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="486"/>
        <source>How long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="488"/>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="489"/>
        <source>One line is enough</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="490"/>
        <source>&amp;Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="491"/>
        <source>What &amp;kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="492"/>
        <source>How &amp;long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="493"/>
        <source>&amp;Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="503"/>
        <source>&amp;Full form…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="518"/>
        <source>Choose who the contact was with.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RepeatEditor</name>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="233"/>
        <source>Add %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="258"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="259"/>
        <source>Remove this row</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="430"/>
        <location filename="../../mentorapp/ui/pages.py" line="433"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="432"/>
        <source>Names, notes, places… (at least 2 letters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="438"/>
        <source>Search status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="445"/>
        <source>Search results</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="132"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="135"/>
        <source>&amp;Lock after this many minutes without use:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="139"/>
        <source>Minutes before locking</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="106"/>
        <location filename="../../mentorapp/ui/app.py" line="110"/>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="109"/>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="109"/>
        <source>What it does</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UnlockScreen</name>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="267"/>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="270"/>
        <source>mentorapp is locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="271"/>
        <source>Profile: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="279"/>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="280"/>
        <source>&amp;Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="283"/>
        <source>Unlock message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="288"/>
        <source>&amp;Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="290"/>
        <source>I forgot my passphrase (use &amp;recovery key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="303"/>
        <source>Type the recovery key you wrote down when you set up mentorapp, then choose a new passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="310"/>
        <source>Recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="312"/>
        <source>New passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="313"/>
        <source>Type the new passphrase again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="314"/>
        <source>Recovery &amp;key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="315"/>
        <source>&amp;New passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="316"/>
        <source>Type it &amp;again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="321"/>
        <source>&amp;Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="322"/>
        <source>Unlock and &amp;set passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="350"/>
        <source>Unlocking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/access.py" line="361"/>
        <source>Please wait %n second(s) before trying again.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="380"/>
        <source>The two new passphrases do not match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="383"/>
        <source>Checking the recovery key…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WeekPage</name>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="397"/>
        <source>This week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="399"/>
        <source>Meetings and actions this week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="408"/>
        <source>Nothing planned for the next seven days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="412"/>
        <source>Meeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="412"/>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="413"/>
        <source> — OVERDUE</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
